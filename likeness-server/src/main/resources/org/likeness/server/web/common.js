'use strict';
/* Shared by the kiosk and admin pages: API calls with a bearer key, and DOM building without innerHTML. */
const Likeness = (() => {
  /** An API error: the HTTP status and the stable code and message from {"error": {...}}. */
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /**
   * Calls the API with a multipart {@code form} or a {@code json} body (or none); resolves to parsed
   * JSON, or a Blob for other content; rejects with ApiError.
   */
  async function call(path, { method = 'GET', key = null, form = null, json = null } = {}) {
    const headers = {};
    if (key) headers.Authorization = 'Bearer ' + key;
    let body = form;
    if (json !== null) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(json);
    }
    let res;
    try {
      res = await fetch(path, { method, headers, body, cache: 'no-store' });
    } catch (e) {
      throw new ApiError(0, 'network', 'The door service cannot be reached.');
    }
    const type = res.headers.get('Content-Type') || '';
    if (!res.ok) {
      let code = 'http_' + res.status;
      let message = res.statusText || 'Request failed';
      if (type.includes('application/json')) {
        const body = await res.json();
        if (body && body.error) {
          code = body.error.code;
          message = body.error.message;
        }
      }
      throw new ApiError(res.status, code, message);
    }
    return type.includes('application/json') ? res.json() : res.blob();
  }

  /** Builds an element: el('div', {class: 'x'}, 'text', child, ...). Text is always set as text. */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** A distance for display, or an empty string. */
  function fmt(value, digits = 3) {
    return typeof value === 'number' ? value.toFixed(digits) : '';
  }

  return { call, ApiError, el, fmt };
})();
