/**
 * Behaviour of the Embedded Signup dialog (served as `/signup/dialog.js`; the markup is
 * dialog-page.ts). https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation:
 * - walks business → WABA → phone (add / coexistence / skip) → verification → display name →
 *   category → permissions; on confirm it POSTs the choices to `POST /vNN.N/dialog/oauth/confirm`
 *   (same origin, so the browser sends the sandbox's own Origin) and shows the final screen;
 * - Finish, or closing the window on the final screen, delivers the result: each `events[]` item as
 *   `opener.postMessage(JSON.stringify(event), openerOrigin)`, then the code to the SDK;
 * - Cancel (or closing the window) on any other step posts `{data:{current_step}, type:
 *   'WA_EMBEDDED_SIGNUP', event:'CANCEL', version:3}`;
 * - "Simulate error" posts the error form `{data:{error_message, error_code, session_id,
 *   timestamp}, type, event:'CANCEL', version:3}`.
 * Plain ES2017 in a string, no build step.
 */
export const DIALOG_JS = String.raw`(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('es-config').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var sessionId = Array.from(crypto.getRandomValues(new Uint8Array(8)), function (b) {
    return ('0' + b.toString(16)).slice(-2);
  }).join('').slice(0, 15);
  var state = { step: 'business', result: null, delivered: false, mode: 'add' };
  var coexOnly = $('dialog').getAttribute('data-coexistence-only') === 'true';

  // Meta documents one example of the error form (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation); it is the error every step simulates,
  // rather than codes nobody has seen. Strings, as the sandbox's control API emits them.
  var SIMULATED_ERROR = ['Your verified name violates WhatsApp guidelines. Please edit your verified name and try again.', '524126'];

  function send(text) {
    if (!window.opener) return;
    try { window.opener.postMessage(text, cfg.origin); } catch (e) { /* opener gone */ }
  }
  function sendEvent(event) { send(JSON.stringify(event)); }
  function sendSdk(code) {
    var params = new URLSearchParams({ cb: cfg.cb });
    if (code) params.set('code', code);
    send('fbsdk:' + params.toString());
  }
  function section(step) { return document.querySelector('[data-step="' + step + '"]'); }
  function currentStep() { return section(state.step).getAttribute('data-current-step'); }

  function show(step) {
    state.step = step;
    var all = document.querySelectorAll('.step');
    for (var i = 0; i < all.length; i++) all[i].hidden = all[i].getAttribute('data-step') !== step;
    var final = step === 'done' || step === 'error' || step === 'creating';
    $('next').hidden = final;
    $('cancel').hidden = final;
    $('simulate-error').hidden = final;
    $('finish').hidden = step !== 'done';
    $('close').hidden = step !== 'error';
    $('next').textContent = step === 'permissions' ? 'Confirm' : 'Next';
    $('form-error').textContent = '';
    if (step === 'verify') {
      var coex = state.mode === 'coexistence';
      var parts = document.querySelectorAll('.verify-add');
      for (var j = 0; j < parts.length; j++) parts[j].hidden = coex;
      document.querySelector('.verify-coexistence').hidden = !coex;
    }
    var focus = section(step).querySelector('input:not([type=radio]), select');
    if (focus) focus.focus();
  }

  function invalid(message) { $('form-error').textContent = message; return false; }
  function value(id) { return $(id).value.trim(); }
  function checked(name) { return document.querySelector('input[name="' + name + '"]:checked').value; }

  function next() {
    switch (state.step) {
      case 'business':
        if (!value('business-name')) return invalid('Enter a business portfolio name.');
        if (!value('waba-name')) $('waba-name').value = value('business-name');
        if (!value('display-name')) $('display-name').value = value('business-name');
        return show('waba');
      case 'waba':
        if (!value('waba-name')) return invalid('Enter an account name.');
        return show('phone');
      case 'phone':
        state.mode = checked('phone-mode');
        if (state.mode === 'skip') return show('permissions');
        if (state.mode === 'add' && !/^\+?[0-9 ()-]{8,20}$/.test(value('phone-number'))) {
          return invalid('Enter a phone number with its country code.');
        }
        return show('verify');
      case 'verify':
        if (state.mode === 'add' && !/^\d{6}$/.test(value('verify-code'))) {
          return invalid('Enter the 6-digit code.');
        }
        return show(state.mode === 'add' ? 'display-name' : 'permissions');
      case 'display-name':
        if (value('display-name').length < 3) return invalid('The display name needs at least 3 characters.');
        return show('category');
      case 'category':
        return show('permissions');
      case 'permissions':
        return create();
    }
  }

  function outcome() {
    if (state.mode === 'skip') return 'finish_only_waba';
    if (state.mode === 'coexistence') return 'finish_whatsapp_business_app_onboarding';
    return 'finish';
  }

  function create() {
    show('creating');
    var body = { outcome: outcome(), business_name: value('business-name'), waba_name: value('waba-name') };
    if (state.mode === 'add') {
      body.phone = value('phone-number');
      body.verified_name = value('display-name');
      body.category = $('category').value;
    }
    fetch(cfg.signupPath, {
      method: 'POST',
      // The page's no-referrer policy would send "Origin: null"; the sandbox needs its own origin.
      referrerPolicy: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok || !json.code) {
          throw new Error(json && json.error && json.error.message ? json.error.message : 'Signup failed (' + response.status + ')');
        }
        return json;
      });
    }).then(function (result) {
      state.result = result;
      var ids = $('done-ids');
      [['Business', result.business_id], ['WhatsApp Business account', result.waba_id], ['Phone number', result.phone_number_id]]
        .forEach(function (row) {
          if (!row[1]) return;
          var dt = document.createElement('dt'); dt.textContent = row[0];
          var dd = document.createElement('dd'); dd.textContent = row[1];
          ids.appendChild(dt); ids.appendChild(dd);
        });
      show('done');
    }).catch(function (error) {
      fail(String(error && error.message ? error.message : error), null);
    });
  }

  function deliverFinish() {
    if (state.delivered || !state.result) return;
    state.delivered = true;
    var events = Array.isArray(state.result.events) && state.result.events.length ? state.result.events : [{
      data: { phone_number_id: state.result.phone_number_id || '', waba_id: state.result.waba_id, business_id: state.result.business_id },
      type: 'WA_EMBEDDED_SIGNUP', event: 'FINISH', version: 3
    }];
    events.forEach(sendEvent);
    sendSdk(state.result.code);
  }

  function cancel() {
    if (state.delivered) return;
    state.delivered = true;
    sendEvent({ data: { current_step: currentStep() }, type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', version: 3 });
    sendSdk(null);
  }

  function fail(message, code) {
    if (state.delivered) return;
    state.delivered = true;
    sendEvent({
      data: code === null
        ? { error_message: message, session_id: sessionId, timestamp: String(Math.floor(Date.now() / 1000)) }
        : { error_message: message, error_code: code, session_id: sessionId, timestamp: String(Math.floor(Date.now() / 1000)) },
      type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', version: 3
    });
    sendSdk(null);
    $('error-message').textContent = message;
    show('error');
  }

  $('next').addEventListener('click', next);
  $('cancel').addEventListener('click', function () { cancel(); window.close(); });
  $('finish').addEventListener('click', function () { deliverFinish(); window.close(); });
  $('close').addEventListener('click', function () { window.close(); });
  $('simulate-error').addEventListener('click', function () {
    fail(SIMULATED_ERROR[0], SIMULATED_ERROR[1]);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !$('next').hidden && e.target.tagName !== 'BUTTON') next();
  });
  // Closing the window (X): on the final screen that is a finish (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation); anywhere else, a cancel.
  window.addEventListener('pagehide', function () {
    if (state.delivered) return;
    if (state.result) deliverFinish();
    else if (state.step !== 'creating') cancel();
  });

  if (coexOnly) {
    document.querySelector('.mode-add').hidden = true;
    document.querySelector('.mode-skip').hidden = true;
    document.querySelector('input[name="phone-mode"][value="coexistence"]').checked = true;
    $('phone-fields').hidden = true;
  }
  var radios = document.querySelectorAll('input[name="phone-mode"]');
  for (var i = 0; i < radios.length; i++) {
    radios[i].addEventListener('change', function () { $('phone-fields').hidden = checked('phone-mode') !== 'add'; });
  }
  if (!window.opener) $('form-error').textContent = 'Open this dialog with FB.login() from your page.';
  show('business');
})();
`
