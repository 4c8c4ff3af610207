// Review buttons and the review token (kept for this tab only, in sessionStorage), and the
// reader's highlight of the sentence a link points at (#claim-ID, #event-ID, #s-N).
(function () {
  "use strict";
  var KEY = "watchfloor-token";
  var state = document.getElementById("token-state");
  var input = document.getElementById("token-input");

  function token() { return sessionStorage.getItem(KEY) || ""; }
  function showToken() {
    if (!state) { return; }
    state.textContent = token() ? "review token set" : "read-only";
    state.className = token() ? "ok" : "";
  }
  function say(text) {
    var box = document.getElementById("status");
    box.textContent = text;
    box.className = "show";
    setTimeout(function () { box.className = ""; }, 4000);
  }

  var form = document.getElementById("token-box");
  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var value = input.value.trim();
      if (value) { sessionStorage.setItem(KEY, value); } else { sessionStorage.removeItem(KEY); }
      input.value = "";
      showToken();
    });
  }
  showToken();

  function send(body) {
    return fetch("/api/reviews", {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-Watchfloor-Token": token()},
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (r) {
      return r.json().then(function (data) { return {status: r.status, data: data}; });
    });
  }

  // every review decision goes through here: sent, then the page says what happened
  function submit(body) {
    send(body).then(function (r) {
      if (r.status === 201) {
        say(body.decision + " recorded");
        window.location.reload();
      } else {
        say("refused (" + r.status + "): " + r.data.error.message);
      }
    }, function () { say("the server did not answer"); });
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest("button.review");
    if (!button) { return; }
    var box = button.closest(".review-buttons");
    var body = {kind: box.dataset.kind, target: box.dataset.target,
                decision: button.dataset.decision};
    if (body.decision === "correct") {
      var pair = window.prompt("Correct which field? FIELD=VALUE (e.g. low=46)");
      if (!pair || pair.indexOf("=") < 0) { return; }
      body.changes = {};
      body.changes[pair.slice(0, pair.indexOf("=")).trim()] = pair.slice(pair.indexOf("=") + 1).trim();
    }
    submit(body);
  });

  document.addEventListener("submit", function (e) {
    var form = e.target.closest("form.review-form");
    if (!form) { return; }
    e.preventDefault();
    var body = {kind: form.dataset.kind, decision: form.dataset.decision};
    if (form.dataset.keep) { body.keep = form.dataset.keep; }
    new FormData(form).forEach(function (value, key) { body[key] = String(value).trim(); });
    submit(body);
  });

  function highlight() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    document.querySelectorAll(".highlighted, .card.active").forEach(function (el) {
      el.classList.remove("highlighted");
      el.classList.remove("active");
    });
    if (!id) { return; }
    var marks = [];
    if (id.indexOf("claim-") === 0) {
      var claim = id.slice(6);
      document.querySelectorAll("mark.ev").forEach(function (m) {
        if ((m.dataset.claims || "").split(" ").indexOf(claim) >= 0) { marks.push(m); }
      });
      var card = document.getElementById("card-" + claim);
      if (card) { card.classList.add("active"); card.scrollIntoView({block: "nearest"}); }
    }
    marks.forEach(function (m) { m.classList.add("highlighted"); });
    var anchor = document.getElementById(id);
    if (anchor) { anchor.scrollIntoView({block: "center"}); }
  }
  window.addEventListener("hashchange", highlight);
  highlight();
})();
