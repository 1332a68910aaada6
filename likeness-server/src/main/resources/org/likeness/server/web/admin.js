'use strict';
/*
 * The admin page: enroll people from several photos, list them with their face thumbnails, remove
 * a face or a person, move the door to another model, and read the latest door decisions. The admin key is kept for this tab only
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
      askForKey('Signed out: ' + e.message);
      return;
    }
    $('admin-error').hidden = false;
    $('admin-error').textContent = e.message;
  }

  async function refresh() {
    $('admin-error').hidden = true;
    try {
      await Promise.all([loadPeople(), loadAudit(), loadMigration()]);
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

  $('audit-refresh').addEventListener('click', () => refresh());
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('key-input').value.trim());
  });
  $('sign-out').addEventListener('click', () => {
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
