// Inside Telegram, the Mini App's initData is posted to the server, which checks its signature. It comes from
// Telegram's script, or, when that script could not load, from the launch parameters Telegram puts in the
// address (#tgWebAppData=...). In a browser there is none, and the page just says how to get a sign-in link.
// No inline script: the Content-Security-Policy forbids it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var app = window.Telegram && window.Telegram.WebApp;
  var data = app && app.initData;
  if (!data && window.location.hash.length > 1) {
    data = new URLSearchParams(window.location.hash.slice(1)).get("tgWebAppData");
  }
  var form = document.getElementById("webapp");
  if (!data || !form) { return; }
  if (app) { app.ready(); }
  document.getElementById("init_data").value = data;
  form.hidden = false;
  form.submit();
});
