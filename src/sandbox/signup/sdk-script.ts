/**
 * The fake Facebook JS SDK served at `/<locale>/sdk.js` (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation). It implements what an
 * Embedded Signup launcher uses: `FB.init({appId, version})` and
 * `FB.login(callback, {config_id, response_type:'code', override_default_response_type, extras})`,
 * which opens the ES dialog popup at `/<version>/dialog/oauth?client_id=…&config_id=…&extras=…`
 * (the shape of Meta's URL) and later calls `callback({authResponse:{code}, status:'connected'})`
 * on finish or `callback({authResponse:null, status:'unknown'})` on cancel/close.
 *
 * The dialog hands the code to the SDK with a non-JSON `fbsdk:` message (checked against the
 * sandbox origin and the login's callback id) — like Meta's SDK traffic, a page's own `message`
 * listener sees it and, per Meta's sample, ignores it because it is not JSON.
 * Plain ES2017 in a string: served as-is to any browser, no build step (works under a page CSP
 * that allows the sandbox origin as a script source).
 */
export const SDK_JS = String.raw`(function () {
  'use strict';
  if (window.FB && window.FB.__sandbox) return;
  var script = document.currentScript;
  var sdkOrigin = new URL(script && script.src ? script.src : location.href).origin;
  var state = { appId: null, version: 'v25.0', pending: null };
  var CLOSE_GRACE_MS = 800;

  function finish(response) {
    var pending = state.pending;
    if (!pending || pending.done) return;
    pending.done = true;
    clearInterval(pending.poll);
    state.pending = null;
    try { pending.callback(response); } catch (e) { setTimeout(function () { throw e; }); }
  }

  function init(options) {
    options = options || {};
    if (!options.appId) throw new Error('FB.init: appId is required');
    state.appId = String(options.appId);
    if (options.version) {
      if (!/^v\d+\.\d+$/.test(options.version)) throw new Error('FB.init: invalid version ' + options.version);
      state.version = options.version;
    }
  }

  function login(callback, options) {
    options = options || {};
    if (typeof callback !== 'function') callback = function () {};
    if (!state.appId) {
      console.error('FB.login() called before FB.init().');
      return;
    }
    if (state.pending && !state.pending.popup.closed) {
      state.pending.popup.focus();
      return;
    }
    var id = 'f' + Math.random().toString(16).slice(2, 12);
    var params = new URLSearchParams({
      app_id: state.appId,
      client_id: state.appId,
      config_id: options.config_id ? String(options.config_id) : '',
      display: 'popup',
      extras: JSON.stringify(options.extras || {}),
      locale: 'en_US',
      override_default_response_type: options.override_default_response_type ? 'true' : 'false',
      response_type: options.response_type || 'token',
      sdk: 'joey',
      version: state.version,
      origin: location.origin,
      cb: id
    });
    var url = sdkOrigin + '/' + state.version + '/dialog/oauth?' + params.toString();
    var left = Math.max(0, (screen.width - 640) / 2);
    var popup = window.open(url, 'fb_es_' + id, 'width=640,height=760,left=' + left + ',top=40');
    if (!popup) {
      callback({ authResponse: null, status: 'unknown' });
      return;
    }
    var pending = { id: id, callback: callback, popup: popup, done: false, poll: 0 };
    state.pending = pending;
    // The dialog reports before it closes; the grace covers a message still in flight.
    pending.poll = setInterval(function () {
      if (!popup.closed || pending.done) return;
      clearInterval(pending.poll);
      setTimeout(function () {
        if (state.pending === pending) finish({ authResponse: null, status: 'unknown' });
      }, CLOSE_GRACE_MS);
    }, 200);
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== sdkOrigin || typeof event.data !== 'string') return;
    if (event.data.indexOf('fbsdk:') !== 0) return;
    var params = new URLSearchParams(event.data.slice(6));
    if (!state.pending || params.get('cb') !== state.pending.id) return;
    var code = params.get('code');
    if (code) finish({ authResponse: { code: code }, status: 'connected' });
    else finish({ authResponse: null, status: 'unknown' });
  });

  window.FB = {
    __sandbox: true,
    init: init,
    login: login,
    getLoginStatus: function (callback) {
      if (typeof callback === 'function') callback({ authResponse: null, status: 'unknown' });
    },
    logout: function (callback) {
      if (typeof callback === 'function') callback({ authResponse: null, status: 'unknown' });
    },
    AppEvents: { logPageView: function () {}, logEvent: function () {} }
  };
  // Like Meta's SDK: call the page's fbAsyncInit once FB exists.
  if (typeof window.fbAsyncInit === 'function') setTimeout(window.fbAsyncInit, 0);
})();
`
