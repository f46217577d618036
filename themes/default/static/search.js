// coffeechat search: loads search.json on first use and filters it as you
// type. Every word must match; title matches rank first. Case and accents
// are folded on both sides ("Vasquez" finds "Vásquez", "resume" finds
// "résumé"). No dependencies.
(function () {
  "use strict";
  var box = document.querySelector("[data-search-index]");
  if (!box) return;
  var input = box.querySelector("input");
  var list = box.querySelector("ul");
  var status = box.querySelector("[role=status]");
  var entries = null;
  box.hidden = false;

  // Lower case without accents: "Élodie" and "elodie" are one word.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function load() {
    if (entries) return Promise.resolve(entries);
    var get = function (url) { return fetch(url).then(function (r) { return r.json(); }); };
    return get(box.getAttribute("data-search-index"))
      .then(function (data) {
        // A large site's index comes in parts: the first names the rest.
        if (Array.isArray(data)) return data;
        return Promise.all(data.more.map(get)).then(function (parts) {
          return parts.reduce(function (all, part) { return all.concat(part); }, data.entries);
        });
      })
      .then(function (data) {
        entries = data.map(function (e) {
          e.hay = fold([e.t, e.s, e.k, e.g.join(" "), e.x].join(" "));
          e.title = fold(e.t);
          return e;
        });
        return entries;
      });
  }

  function score(e, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      if (e.hay.indexOf(words[i]) < 0) return 0;
      total += e.title.indexOf(words[i]) >= 0 ? 10 : 1;
    }
    return total;
  }

  function show(results, query) {
    list.textContent = "";
    results.slice(0, 12).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.t;
      var meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = " " + e.k + (e.s ? " · " + e.s : "");
      li.appendChild(a);
      li.appendChild(meta);
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    status.textContent = query ? results.length + " result" + (results.length === 1 ? "" : "s") : "";
  }

  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", function () {
    var query = fold(input.value.trim());
    // Words are runs of letters and digits: "supplier-survey" is two.
    var words = query.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (!words.length) { show([], ""); return; }
    load().then(function (all) {
      var found = all
        .map(function (e) { return { e: e, s: score(e, words) }; })
        .filter(function (r) { return r.s > 0; })
        .sort(function (a, b) { return b.s - a.s || (a.e.t < b.e.t ? -1 : 1); })
        .map(function (r) { return r.e; });
      show(found, query);
    });
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { input.value = ""; show([], ""); }
    if (ev.key === "Enter") {
      var first = list.querySelector("a");
      if (first) window.location.href = first.href;
    }
  });
})();
