// The flow editor: checks the text with the server's validator as it is typed (a short pause after the last
// key), lists what it found with each line's number, and marks those lines in the gutter; "Line N" puts the
// cursor on that line. Without this script the Check button does the same by reloading the page. No inline
// script: the Content-Security-Policy forbids it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("editor");
  var source = document.getElementById("source");
  var gutter = document.getElementById("gutter");
  var list = document.getElementById("problem-list");
  var summary = document.getElementById("summary");
  if (!form || !source || !gutter || !list || !summary) { return; }
  var app = window.Telegram && window.Telegram.WebApp;
  if (app && app.ready) { app.ready(); }
  var timer = null;
  var pending = null;
  var marked = {};

  function drawGutter() {
    var count = source.value.split("\n").length;
    var parts = [];
    for (var n = 1; n <= count; n++) {
      parts.push('<span' + (marked[n] ? ' class="' + marked[n] + '"' : '') + '>' + n + '</span>\n');
    }
    gutter.innerHTML = parts.join("");  // numbers and fixed words only: nothing from the text
    gutter.scrollTop = source.scrollTop;
  }

  function goToLine(line) {
    var lines = source.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    var end = start + (lines[line - 1] || "").length;
    source.focus();
    source.setSelectionRange(start, end);
    var lineHeight = parseFloat(window.getComputedStyle(source).lineHeight) || 21;
    source.scrollTop = Math.max(0, (line - 3) * lineHeight);
    gutter.scrollTop = source.scrollTop;
  }

  function item(problem, saying) {
    var li = document.createElement("li");
    li.className = "problem " + problem.severity;
    var link = document.createElement("a");
    link.href = "#source";
    link.className = "goto";
    link.dataset.line = String(problem.line);
    link.setAttribute("aria-label", problem.go_to);
    link.textContent = problem.label;
    var severity = document.createElement("span");
    severity.className = "severity";
    severity.textContent = problem.severity_text;
    var detail = document.createElement("span");
    detail.className = "detail";
    detail.textContent = saying + " " + problem.detail;
    li.append(link, " ", severity, ": " + problem.message, document.createElement("br"), detail);
    if (problem.excerpt) {
      var code = document.createElement("code");
      code.className = "excerpt";
      code.textContent = problem.excerpt;
      li.append(document.createElement("br"), code);
    }
    return li;
  }

  function show(answer) {
    summary.textContent = answer.summary;
    if (!answer.errors) { return; }
    marked = {};
    list.replaceChildren.apply(list, answer.errors.map(function (p) {
      if (p.severity !== "note" && !marked[p.line]) { marked[p.line] = p.severity; }
      return item(p, answer.validator_says);
    }));
    drawGutter();
  }

  function check() {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    summary.textContent = form.dataset.checking;
    fetch(form.action, {method: "POST", body: new FormData(form), headers: {"Accept": "application/json"},
                        credentials: "same-origin", signal: pending.signal})
      .then(function (response) { return response.json(); })
      .then(show)
      .catch(function () {});  // aborted by newer typing, or offline: the Check button still works
  }

  source.addEventListener("input", function () {
    drawGutter();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(check, 500);
  });
  source.addEventListener("scroll", function () { gutter.scrollTop = source.scrollTop; });
  list.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.goto");
    if (!link) { return; }
    event.preventDefault();
    goToLine(parseInt(link.dataset.line, 10));
  });
  gutter.querySelectorAll("span").forEach(function (span) {
    if (span.className) { marked[parseInt(span.textContent, 10)] = span.className; }
  });
  drawGutter();
});
