'use strict';
/*
 * The admin page: enroll people from several photos, list them with their face thumbnails, remove
 * a face or a person, move the door to another model, read the latest door decisions, and watch the
 * door camera live with the day's visits (when the service runs one). The admin key is kept for this tab only
 * (sessionStorage "likeness.adminKey"), never in localStorage.
 */
(() => {
  const STORAGE = 'likeness.adminKey';
  const $ = (id) => document.getElementById(id);
  const { call, el, fmt } = Likeness;

  let key = sessionStorage.getItem(STORAGE);
  let thumbnailUrls = [];

  function askForKey(message) {
    $('console').hidden = true;
    $('sign-out').hidden = true;
    $('summary').textContent = '';
    $('key-panel').hidden = false;
    $('key-error').hidden = !message;
    $('key-error').textContent = message || '';
    $('key-input').value = '';
    $('key-input').focus();
  }

  async function signIn(candidate) {
    try {
      const who = await call('/api/v1/whoami', { key: candidate });
      if (who.role !== 'admin') {
        askForKey('That is the kiosk key; the admin page needs the admin key.');
        return;
      }
      key = candidate;
      sessionStorage.setItem(STORAGE, key);
      $('key-panel').hidden = true;
      $('console').hidden = false;
      $('sign-out').hidden = false;
      await refresh();
    } catch (e) {
      sessionStorage.removeItem(STORAGE);
      askForKey(e.status === 401 ? 'That key was not accepted.' : e.message);
    }
  }

  function fail(e) {
    if (e.status === 401 || e.status === 403) {
      sessionStorage.removeItem(STORAGE);
      key = null;
      stopLive();
      askForKey('Signed out: ' + e.message);
      return;
    }
    $('admin-error').hidden = false;
    $('admin-error').textContent = e.message;
  }

  async function refresh() {
    $('admin-error').hidden = true;
    try {
      await Promise.all([loadPeople(), loadAudit(), loadMigration(), loadCamera()]);
    } catch (e) {
      fail(e);
    }
  }

  /* People */
  async function loadPeople() {
    const data = await call('/api/v1/people', { key });
    thumbnailUrls.forEach((u) => URL.revokeObjectURL(u));
    thumbnailUrls = [];
    $('summary').textContent = data.people + (data.people === 1 ? ' person, ' : ' people, ')
      + data.faces + (data.faces === 1 ? ' face' : ' faces');
    $('people-count').textContent = data.people ? '(' + data.people + ')' : '';
    $('people-empty').hidden = data.people > 0;
    const grid = $('people');
    grid.replaceChildren(...data.list.map(personCard));
  }

  function personCard(p) {
    const faces = el('div', { class: 'faces' }, ...p.faces.map((f) => faceTile(p, f)));
    return el('article', { class: 'person', 'data-name': p.name },
      el('div', { class: 'person-head' },
        el('div', {},
          el('div', { class: 'person-name' }, p.name),
          el('div', { class: 'person-meta' }, p.faces.length + (p.faces.length === 1 ? ' face' : ' faces')
            + ' \u00b7 since ' + new Date(p.firstEnrolledAt).toLocaleDateString())),
        el('button', { class: 'danger small', type: 'button', title: 'Remove ' + p.name,
          onclick: () => removePerson(p.name) }, 'Remove')),
      faces);
  }

  function faceTile(person, face) {
    const tile = el('div', { class: 'face', 'data-face': face.id },
      el('div', { class: 'placeholder' }, face.thumbnail ? '\u2026' : 'no image'),
      el('button', { type: 'button', title: 'Remove this face', 'aria-label': 'Remove face ' + face.id,
        onclick: () => removeFace(person.name, face.id) }, '\u00d7'));
    if (face.thumbnail) {
      call(face.thumbnail, { key }).then((blob) => {
        const url = URL.createObjectURL(blob);
        thumbnailUrls.push(url);
        tile.replaceChild(el('img', { src: url, alt: person.name }), tile.firstChild);
      }).catch(() => { tile.firstChild.textContent = 'no image'; });
    }
    return tile;
  }

  async function removePerson(name) {
    if (!confirm('Remove ' + name + ' and all their faces?')) return;
    try {
      await call('/api/v1/people/' + encodeURIComponent(name), { method: 'DELETE', key });
      await refresh();
    } catch (e) {
      fail(e);
    }
  }

  async function removeFace(name, id) {
    if (!confirm('Remove this face of ' + name + '?')) return;
    try {
      await call('/api/v1/people/' + encodeURIComponent(name) + '/faces/' + id, { method: 'DELETE', key });
      await refresh();
    } catch (e) {
      fail(e);
    }
  }

  /* Enrollment: one request per photo, so each stays under the upload limit and reports on its own. */
  $('enroll-photos').addEventListener('change', (event) => {
    const n = event.target.files.length;
    $('enroll-chosen').textContent = n ? n + (n === 1 ? ' photo chosen' : ' photos chosen') : 'No photos chosen';
  });

  $('enroll-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = $('enroll-name').value.trim();
    const files = Array.from($('enroll-photos').files);
    const list = $('enroll-results');
    list.replaceChildren();
    if (!name || files.length === 0) {
      list.append(el('li', { class: 'bad' }, 'Give a name and choose at least one photo.'));
      return;
    }
    $('enroll-submit').disabled = true;
    let enrolled = 0;
    try {
      for (const file of files) {
        const form = new FormData();
        form.append('image', file, file.name);
        try {
          const force = $('enroll-force').checked ? '?force=true' : '';
          const res = await call('/api/v1/people/' + encodeURIComponent(name) + '/faces' + force, { method: 'POST', key, form });
          for (const r of res.results) {
            const ok = r.status === 'enrolled' || r.status === 'already_enrolled';
            if (ok) enrolled++;
            list.append(el('li', { class: ok ? 'ok' : 'bad' },
              r.image + ': ' + r.status.replace('_', ' ') + (r.error ? ' \u2014 ' + r.error : '')
                + (r.quality ? ' \u2014 warning: ' + r.quality.message : '')));
          }
        } catch (e) {
          if (e.status === 401 || e.status === 403) throw e;
          list.append(el('li', { class: 'bad' }, file.name + ': ' + e.message));
        }
      }
      list.append(el('li', { class: enrolled ? 'ok' : 'bad' },
        name + ': ' + enrolled + ' of ' + files.length + (files.length === 1 ? ' photo' : ' photos') + ' enrolled'));
      if (enrolled) {
        $('enroll-form').reset();
        $('enroll-chosen').textContent = 'No photos chosen';
      }
      await refresh();
    } catch (e) {
      fail(e);
    } finally {
      $('enroll-submit').disabled = false;
    }
  });

  /* Model migration: start one, follow its progress, and show the model the door decides with. */
  let migrationPoll = null;

  async function loadMigration() {
    const [health, migration] = await Promise.all([call('/health'), call('/api/v1/admin/migrate', { key })]);
    $('model-name').textContent = health.model;
    showMigration(migration);
  }

  function showMigration(m) {
    const text = {
      idle: '',
      running: 'Migrating from ' + m.from + ' to ' + m.to + ': ' + m.done + ' of ' + m.total
        + ' faces. The door keeps deciding with ' + m.from + ' until it switches.',
      switched: 'Switched from ' + m.from + ' to ' + m.to + '. The old gallery is kept at ' + m.keptGallery + '.',
      incomplete: 'Not switched to ' + m.to + ': these people have faces enrolled before galleries kept face crops,'
        + ' and need new photos.',
      failed: 'The migration to ' + m.to + ' stopped; the door keeps its model. ' + (m.error || ''),
    }[m.state];
    $('migrate-status').textContent = text;
    $('migrate-status').dataset.state = m.state;
    $('migrate-people').replaceChildren(...m.needNewPhotos.map((p) => el('li', {},
      p.person + ': ' + p.facesWithoutChip + ' of ' + p.faces + (p.faces === 1 ? ' face' : ' faces'))));
    $('migrate-submit').disabled = m.state === 'running';
    clearTimeout(migrationPoll);
    if (m.state === 'running') {
      migrationPoll = setTimeout(followMigration, 1000);
    }
  }

  async function followMigration() {
    try {
      const m = await call('/api/v1/admin/migrate', { key });
      if (m.state === 'running') {
        showMigration(m);
      } else {
        await refresh();
      }
    } catch (e) {
      fail(e);
    }
  }

  $('migrate-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('admin-error').hidden = true;
    try {
      showMigration(await call('/api/v1/admin/migrate', { method: 'POST', key, json: { model: $('migrate-model').value } }));
    } catch (e) {
      fail(e);
    }
  });

  /* Audit */
  async function loadAudit() {
    const data = await call('/api/v1/audit?limit=50', { key });
    $('audit-empty').hidden = data.entries.length > 0;
    $('audit').hidden = data.entries.length === 0;
    $('audit').tBodies[0].replaceChildren(...data.entries.map((a) => el('tr', {},
      el('td', {}, new Date(a.at).toLocaleString()),
      el('td', {}, a.endpoint),
      el('td', {}, a.claimedName || ''),
      el('td', {}, a.identity || ''),
      el('td', {}, fmt(a.distance)),
      el('td', {}, fmt(a.threshold)),
      el('td', {}, el('span', { class: 'tag ' + a.outcome }, a.outcome.replace('_', ' '))),
      el('td', {}, (a.reason || '').replace(/_/g, ' ')),
      el('td', {}, a.faces),
      el('td', {}, a.keyName))));
  }

  /* Door camera: the live view (Server-Sent Events read with fetch, so the key travels in a header) and the day's visits */
  let live = null;
  let visits = [];

  async function loadCamera() {
    const health = await call('/health');
    $('camera-panel').hidden = !health.camera;
    if (!health.camera) return;
    showCameraState(health.camera.state, health.status);
    const data = await call('/api/v1/visits', { key });
    visits = data.visits;
    showVisits();
    if (!live) startLive();
  }

  function showCameraState(state, status) {
    $('camera-state').textContent = state;
    $('camera-state').className = 'tag ' + (status === 'ok' ? 'identified' : 'unknown');
  }

  function showVisits() {
    $('visits-count').textContent = visits.length ? '(' + visits.length + ')' : '';
    $('visits-empty').hidden = visits.length > 0;
    $('visits').hidden = visits.length === 0;
    $('visits').tBodies[0].replaceChildren(...visits.slice().reverse().map((v) => el('tr', {},
      el('td', {}, new Date(v.at).toLocaleTimeString()),
      el('td', {}, v.person || '—'),
      el('td', {}, el('span', { class: 'tag ' + (v.decision === 'opened' ? 'identified' : 'unknown') },
        v.decision.replace('_', ' '))),
      el('td', {}, (v.reason || '').replace(/_/g, ' ')))));
  }

  function startLive() {
    const controller = new AbortController();
    live = controller;
    const image = new Image();
    let pending = null;
    image.onload = () => drawFrame(image, pending);
    (async () => {
      try {
        const res = await fetch('/api/v1/live', { headers: { Authorization: 'Bearer ' + key, Accept: 'text/event-stream' }, signal: controller.signal });
        if (!res.ok) throw new Error('live view: HTTP ' + res.status);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data += line.slice(5).trim();
            }
            if (event === 'frame') {
              pending = JSON.parse(data);
              image.src = pending.jpeg;
            } else if (event === 'visit') {
              visits.push(JSON.parse(data));
              showVisits();
            }
          }
        }
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      // The stream ended (the service restarted, the network dropped): try again shortly.
      if (live === controller) {
        live = null;
        setTimeout(() => { if (key && !live) loadCamera().catch(fail); }, 3000);
      }
    })();
  }

  function drawFrame(image, frame) {
    const canvas = $('live');
    canvas.width = frame.width;
    canvas.height = frame.height;
    const g = canvas.getContext('2d');
    g.drawImage(image, 0, 0);
    g.lineWidth = 2;
    g.font = '12px sans-serif';
    for (const t of frame.tracks) {
      const colour = t.status === 'opened' ? '#1a7f37' : t.status === 'deciding' ? '#bf8700' : '#cf222e';
      g.strokeStyle = colour;
      g.strokeRect(t.x, t.y, t.w, t.h);
      const label = t.person || (t.reason ? t.reason.replace(/_/g, ' ') : '…');
      const width = g.measureText(label).width + 6;
      g.fillStyle = colour;
      g.fillRect(t.x, Math.max(0, t.y - 16), width, 16);
      g.fillStyle = '#fff';
      g.fillText(label, t.x + 3, Math.max(12, t.y - 4));
    }
    canvas.dataset.frame = String(frame.id);
    canvas.dataset.names = frame.tracks.map((t) => t.person || t.reason || '').join(',');
  }

  function stopLive() {
    if (live) live.abort();
    live = null;
  }

  $('audit-refresh').addEventListener('click', () => refresh());
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('key-input').value.trim());
  });
  $('sign-out').addEventListener('click', () => {
    stopLive();
    sessionStorage.removeItem(STORAGE);
    key = null;
    askForKey('');
  });

  if (key) {
    signIn(key);
  } else {
    askForKey('');
  }
})();
