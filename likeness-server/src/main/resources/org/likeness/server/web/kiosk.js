'use strict';
/*
 * The kiosk: shows the camera and, when the scene changes (or on "Check now"), asks the door for a
 * head-turn challenge (POST /api/v1/challenge), shows "Turn your head to your left/right", sends a
 * burst of frames over the challenge's span to POST /api/v1/identify, and shows the decision in
 * large type. A photo held up to the camera moves as one flat plane and is refused as a spoof. The kiosk key is asked for once and kept in this
 * browser's localStorage under "likeness.kioskKey"; a 401 clears it and asks again.
 */
(() => {
  const STORAGE = 'likeness.kioskKey';
  const HOLD_AFTER_UPLOAD_MS = 8000;
  const HOLD_AFTER_GRANT_MS = 3000;
  const STILL_RESEND_MS = 10000;
  const CHALLENGE_LEAD_MS = 600;
  /* What a refusal means, for the reasons that do not come from the head-turn challenge. */
  const SPOOF_REASONS = {
    challenge_required: 'this door checks a live head turn at its camera; a photo cannot be checked',
    replay: 'these exact pictures were used before',
    attack_score: 'it looks like a photo or a screen',
  };
  const $ = (id) => document.getElementById(id);
  const { call, fmt } = Likeness;

  let key = localStorage.getItem(STORAGE);
  let stream = null;
  let inFlight = false;
  let holdUntil = 0;
  let lastSignature = null;
  let lastSentAt = 0;

  function askForKey(message) {
    $('door').hidden = true;
    $('change-key').hidden = true;
    $('key-panel').hidden = false;
    $('key-error').hidden = !message;
    $('key-error').textContent = message || '';
    $('key-input').value = '';
    $('key-input').focus();
  }

  async function useKey(candidate) {
    try {
      const who = await call('/api/v1/whoami', { key: candidate });
      key = candidate;
      localStorage.setItem(STORAGE, key);
      $('key-panel').hidden = true;
      $('door').hidden = false;
      $('change-key').hidden = false;
      if (who.role !== 'kiosk') {
        show('error', 'Admin key', 'Use the kiosk key on a kiosk', '');
      }
      startCamera();
    } catch (e) {
      localStorage.removeItem(STORAGE);
      askForKey(e.status === 401 ? 'That key was not accepted.' : e.message);
    }
  }

  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    useKey($('key-input').value.trim());
  });
  $('change-key').addEventListener('click', () => {
    localStorage.removeItem(STORAGE);
    key = null;
    askForKey('');
  });

  function show(state, verdict, who, detail) {
    const box = $('decision');
    box.dataset.state = state;
    $('verdict').textContent = verdict;
    $('who').textContent = who;
    $('detail').textContent = detail;
  }

  /** "come closer" as the kiosk's headline: "Come closer". */
  function headline(advice) {
    return advice.charAt(0).toUpperCase() + advice.slice(1);
  }

  /*
   * An identify or verify answer may carry "quality": {issue, message, advice} when the face was too
   * small, blurry, dark, bright or turned to be judged. Then the person is told what to do, rather
   * than "Not recognised", which would send them to reception for a face the door never saw well.
   */
  function showDecision(d) {
    const threshold = 'threshold ' + fmt(d.threshold);
    if (d.outcome === 'spoof') {
      const why = d.challenge && !d.challenge.passed ? d.challenge.message
        : SPOOF_REASONS[d.reason] || (d.reason || '').replace(/_/g, ' ');
      const advice = d.challenge && d.challenge.advice && (d.reason === 'no_turn' || d.reason === 'wrong_direction')
        ? headline(d.challenge.advice) : 'Please step in front of the camera yourself';
      show('denied', 'Not accepted', advice, why);
      return;
    }
    if (d.quality && d.outcome !== 'identified' && d.outcome !== 'accepted') {
      show('advice', headline(d.quality.advice), 'Your face could not be checked', d.quality.message);
    } else if (d.outcome === 'identified') {
      show('granted', 'Welcome', d.identity, 'distance ' + fmt(d.distance) + ' \u2264 ' + threshold);
    } else if (d.outcome === 'unknown') {
      show('denied', 'Not recognised', 'Please see reception', d.faces > 1 ? d.faces + ' faces; the largest was checked' : '');
    } else {
      show('noface', 'No face', d.advice ? headline(d.advice) : 'Look at the camera', '');
    }
  }

  async function identify(blob, fileName) {
    const form = new FormData();
    form.append('image', blob, fileName);
    return send(form);
  }

  async function send(form) {
    if (!key) return null;
    inFlight = true;
    try {
      const d = await call('/api/v1/identify', { method: 'POST', key, form });
      showDecision(d);
      return d;
    } catch (e) {
      if (e.status === 401) {
        localStorage.removeItem(STORAGE);
        key = null;
        stopCamera();
        askForKey('The kiosk key is no longer accepted; enter it again.');
      } else {
        show('error', 'Error', e.message, e.code);
      }
      return null;
    } finally {
      inFlight = false;
    }
  }

  /* The camera. */
  async function startCamera() {
    if (stream || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      if (!stream) noCamera();
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
      $('video').srcObject = stream;
      $('video').hidden = false;
      $('no-camera').hidden = true;
      $('camera-state').textContent = 'Camera on';
      $('camera-state').classList.add('live');
    } catch (e) {
      noCamera();
    }
  }

  function stopCamera() {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
  }

  function noCamera() {
    $('video').hidden = true;
    $('no-camera').hidden = false;
    $('camera-state').textContent = 'No camera';
    $('camera-state').classList.remove('live');
    $('auto').checked = false;
    $('auto').disabled = true;
    $('check').disabled = true;
  }

  function grabFrame() {
    const video = $('video');
    if (!stream || video.readyState < 2 || !video.videoWidth) return null;
    const scale = Math.min(1, 1280 / video.videoWidth);
    const canvas = $('frame');
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    return canvas;
  }

  /* A 32x24 grey thumbnail of the frame, to skip sending a scene that has not changed. */
  function signature(canvas) {
    const small = document.createElement('canvas');
    small.width = 32;
    small.height = 24;
    const g = small.getContext('2d');
    g.drawImage(canvas, 0, 0, 32, 24);
    const px = g.getImageData(0, 0, 32, 24).data;
    const out = new Uint8Array(32 * 24);
    for (let i = 0; i < out.length; i++) {
      out[i] = (px[4 * i] * 299 + px[4 * i + 1] * 587 + px[4 * i + 2] * 114) / 1000;
    }
    return out;
  }

  function changed(a, b) {
    if (!a || !b) return true;
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
    return sum / a.length > 4;
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /*
   * One attempt: the door picks a direction; the kiosk shows it, gives the person a moment to start,
   * then sends the frames the challenge asks for, spread over its span.
   */
  async function challengeBurst() {
    inFlight = true;
    let c;
    try {
      c = await call('/api/v1/challenge', { method: 'POST', key });
    } catch (e) {
      inFlight = false;
      show('error', 'Error', e.message, e.code);
      return null;
    }
    $('challenge').textContent = c.instruction;
    $('challenge').hidden = false;
    show('challenge', c.instruction, 'Turn slowly and hold it until the check ends', '');
    await sleep(CHALLENGE_LEAD_MS);
    const form = new FormData();
    form.append('challenge', c.challenge);
    const gap = c.frames > 1 ? c.spanMs / (c.frames - 1) : 0;
    for (let i = 0; i < c.frames; i++) {
      const canvas = grabFrame();
      if (canvas) {
        const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
        form.append('image', blob, 'frame-' + i + '.jpg');
      }
      if (i < c.frames - 1) await sleep(gap);
    }
    inFlight = false;
    show('busy', 'Checking', '', '');
    try {
      return await send(form);
    } finally {
      $('challenge').hidden = true;
    }
  }

  async function checkCamera(force) {
    if (inFlight || !key) return;
    const canvas = grabFrame();
    if (!canvas) return;
    const sig = signature(canvas);
    const now = Date.now();
    if (!force && !changed(sig, lastSignature) && now - lastSentAt < STILL_RESEND_MS) return;
    lastSignature = sig;
    const d = await challengeBurst();
    lastSentAt = Date.now();
    const after = grabFrame();
    if (after) lastSignature = signature(after);
    if (d && d.outcome === 'identified') holdUntil = Date.now() + HOLD_AFTER_GRANT_MS;
  }

  $('check').addEventListener('click', () => {
    holdUntil = 0;
    checkCamera(true);
  });
  $('upload').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    event.target.value = '';
    if (!file) return;
    holdUntil = Date.now() + 60000;
    show('busy', 'Checking', file.name, '');
    await identify(file, file.name);
    holdUntil = Date.now() + HOLD_AFTER_UPLOAD_MS;
  });
  setInterval(() => {
    if ($('auto').checked && Date.now() >= holdUntil) checkCamera(false);
  }, 1000);

  if (key) {
    useKey(key);
  } else {
    askForKey('');
  }
})();
