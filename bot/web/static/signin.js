// Inside Telegram, the Mini App's initData is posted to the server, which checks its signature; in a browser
// there is none and the page just says how to get a sign-in link. No inline script: the CSP forbids it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var app = window.Telegram && window.Telegram.WebApp;
  var form = document.getElementById("webapp");
  if (!app || !app.initData || !form) { return; }
  app.ready();
  document.getElementById("init_data").value = app.initData;
  form.hidden = false;
  form.submit();
});
