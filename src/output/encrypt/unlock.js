// coffeechat unlock: decrypts an encrypted build's page in place, with
// WebCrypto only (no library). The format is described in
// docs/encryption.md and src/encrypt/seal.rs: magic "CCEN", version,
// PBKDF2 iterations, salt, nonce, AES-256-GCM with the version and the
// file's path as associated data. The key kept in sessionStorage is the
// derived content key, never the passphrase.
(function () {
  "use strict";
  var sealedEl = document.getElementById("sealed");
  if (!sealedEl) return;
  var base = sealedEl.getAttribute("data-base") || "/";
  var declared = sealedEl.getAttribute("data-path");
  var form = document.getElementById("unlock-form");
  var input = document.getElementById("unlock-passphrase");
  var message = document.getElementById("unlock-message");
  var subtle = window.crypto && window.crypto.subtle;
  var text = new TextEncoder();
  var INFO = "coffeechat v1 content key";

  function say(words) { message.textContent = words; }

  function fromBase64(s) {
    var bin = atob(s.replace(/\s+/g, ""));
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function toBase64(bytes) {
    var bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin);
  }
  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  // Splits a sealed file into its clear header and its ciphertext.
  function parse(bytes) {
    if (bytes.length < 10 || String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== "CCEN") throw new Error("not a sealed file");
    var version = bytes[4];
    if (version !== 1) throw new Error("unknown format version " + version);
    var iterations = new DataView(bytes.buffer, bytes.byteOffset + 5, 4).getUint32(0);
    var saltEnd = 10 + bytes[9];
    return {
      version: version,
      iterations: iterations,
      salt: bytes.slice(10, saltEnd),
      nonce: bytes.slice(saltEnd, saltEnd + 12),
      body: bytes.slice(saltEnd + 12)
    };
  }

  // The output path a URL of this site points to, as the build named it.
  function pathOf(url) {
    var p = decodeURIComponent(new URL(url, location.href).pathname);
    if (p.indexOf(base) !== 0) return null;
    p = p.slice(base.length);
    if (p === "" || p.charAt(p.length - 1) === "/") p += "index.html";
    return p;
  }

  // A 404 page is served at whatever URL was missing, so it alone is opened
  // under its declared path; every other page under the URL it was fetched by.
  var page;
  try {
    page = parse(fromBase64(sealedEl.textContent));
  } catch (e) {
    say("This page is damaged and cannot be decrypted (" + e.message + ").");
    form.querySelector("button").disabled = true;
    return;
  }
  var ownPath = declared === "404.html" ? declared : pathOf(location.href);
  var storageKey = "coffeechat-key:" + hex(page.salt) + ":" + page.iterations;

  function aesKey(raw) {
    return subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
  }

  // PBKDF2-HMAC-SHA256, then HKDF-SHA256 with an empty salt: as keys.rs does.
  function derive(passphrase) {
    return subtle.importKey("raw", text.encode(passphrase), "PBKDF2", false, ["deriveBits"])
      .then(function (k) {
        return subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: page.salt, iterations: page.iterations }, k, 256);
      })
      .then(function (bits) { return subtle.importKey("raw", bits, "HKDF", false, ["deriveBits"]); })
      .then(function (k) {
        return subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: text.encode(INFO) }, k, 256);
      })
      .then(function (bits) { return new Uint8Array(bits); });
  }

  function open(key, sealed, path) {
    var pathBytes = text.encode(path);
    var ad = new Uint8Array(1 + pathBytes.length);
    ad[0] = sealed.version;
    ad.set(pathBytes, 1);
    return subtle.decrypt({ name: "AES-GCM", iv: sealed.nonce, additionalData: ad }, key, sealed.body)
      .then(function (plain) { return new Uint8Array(plain); });
  }

  // Fetches and opens another sealed file of the site (search index, picture).
  function openUrl(key, url) {
    return fetch(url)
      .then(function (r) { if (!r.ok) throw new Error(url + ": " + r.status); return r.arrayBuffer(); })
      .then(function (buf) { return open(key, parse(new Uint8Array(buf)), pathOf(url)); });
  }

  function sniff(bytes) {
    var head = new TextDecoder().decode(bytes.slice(0, 256)).trim();
    if (/^(<\?xml[^>]*>\s*)?<svg/i.test(head)) return "image/svg+xml";
    if (bytes[0] === 0x89 && bytes[1] === 0x50) return "image/png";
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
    return "";
  }

  function isSealed(url) {
    var p = url && pathOf(url);
    return !!p && p.indexOf("s/") === 0 && /\.bin$/.test(p);
  }

  // Makes the decrypted document inert before any of it joins the page:
  // no scripts, frames, plugins, base or refresh, no event handlers, no
  // javascript: URLs. (The CSP would block most of these anyway.)
  function neutralise(doc) {
    doc.querySelectorAll("script, iframe, frame, object, embed, base, meta[http-equiv]").forEach(function (el) { el.remove(); });
    doc.querySelectorAll("*").forEach(function (el) {
      Array.prototype.slice.call(el.attributes).forEach(function (a) {
        var n = a.name.toLowerCase();
        if (n.indexOf("on") === 0) el.removeAttribute(a.name);
        else if (/^\s*javascript:/i.test(a.value) && /^(href|src|action|formaction|xlink:href)$/.test(n)) el.removeAttribute(a.name);
      });
    });
  }

  function pictures(doc, key) {
    var imgs = Array.prototype.filter.call(doc.querySelectorAll("img[src]"), function (img) { return isSealed(img.getAttribute("src")); });
    return Promise.all(imgs.map(function (img) {
      return openUrl(key, img.getAttribute("src")).then(function (bytes) {
        img.src = URL.createObjectURL(new Blob([bytes], { type: sniff(bytes) }));
      }, function () { img.alt = (img.alt || "") + " (could not be decrypted)"; });
    }));
  }

  // Links to sealed files (an interview's .ics) download the decrypted file.
  function downloads(key) {
    document.querySelectorAll("a[data-sealed-name]").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        openUrl(key, a.href).then(function (bytes) {
          var link = document.createElement("a");
          link.href = URL.createObjectURL(new Blob([bytes]));
          link.download = a.getAttribute("data-sealed-name");
          document.body.appendChild(link);
          link.click();
          link.remove();
        });
      });
    });
  }

  // The search box reads its index from a blob: URL of the decrypted index;
  // then the theme's own scripts start, as on a clear page.
  function search(key, scripts) {
    var box = document.querySelector("[data-search-index]");
    var ready = box && isSealed(box.getAttribute("data-search-index"))
      ? openUrl(key, box.getAttribute("data-search-index")).then(function (bytes) {
          box.setAttribute("data-search-index", URL.createObjectURL(new Blob([bytes], { type: "application/json" })));
        })
      : Promise.resolve();
    return ready.catch(function (e) {
      // The page is open; only search is lost. Say so where search would be.
      if (box) box.setAttribute("data-search-error", String(e));
    }).then(function () {
      scripts.forEach(function (src) {
        var s = document.createElement("script");
        s.src = src;
        document.body.appendChild(s);
      });
    });
  }

  function lockButton() {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "unlock-lock";
    button.id = "unlock-lock";
    button.textContent = "Lock";
    button.addEventListener("click", function () {
      sessionStorage.removeItem(storageKey);
      location.reload();
    });
    document.body.appendChild(button);
  }

  function show(key, html) {
    var doc = new DOMParser().parseFromString(new TextDecoder().decode(html), "text/html");
    // The theme's own scripts, same origin and served in the clear, run
    // again once the page is in; nothing inline does.
    var scripts = Array.prototype.map.call(doc.querySelectorAll("script[src]"), function (s) { return s.getAttribute("src"); })
      .filter(function (src) { return src.indexOf(base) === 0 && !isSealed(src); });
    neutralise(doc);
    return pictures(doc, key).then(function () {
      document.title = doc.title;
      doc.head.querySelectorAll("style").forEach(function (st) { document.head.appendChild(document.adoptNode(st)); });
      document.body.className = doc.body.className;
      var nodes = Array.prototype.slice.call(doc.body.childNodes).map(function (n) { return document.adoptNode(n); });
      document.body.replaceChildren.apply(document.body, nodes);
      document.documentElement.setAttribute("data-unlocked", "");
      lockButton();
      downloads(key);
      if (location.hash) {
        var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
        if (target) target.scrollIntoView();
      }
      return search(key, scripts);
    });
  }

  function tryStored() {
    var stored = sessionStorage.getItem(storageKey);
    if (!stored) return Promise.resolve(false);
    return aesKey(fromBase64(stored))
      .then(function (key) { return open(key, page, ownPath).then(function (html) { return show(key, html); }); })
      .then(function () { return true; }, function () {
        // A key from an older build with the same salt: forget it, ask again.
        sessionStorage.removeItem(storageKey);
        return false;
      });
  }

  function unlock(ev) {
    ev.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    say("Unlocking…");
    var raw;
    derive(input.value)
      .then(function (bits) { raw = bits; return aesKey(bits); })
      .then(function (key) {
        return open(key, page, ownPath).then(function (html) {
          sessionStorage.setItem(storageKey, toBase64(raw));
          return show(key, html);
        }, function () {
          throw new Error("wrong");
        });
      })
      .catch(function (e) {
        button.disabled = false;
        input.select();
        say(e && e.message === "wrong"
          ? "Wrong passphrase: this page could not be decrypted with it. Nothing was stored; try again."
          : "This page could not be decrypted: " + e);
      });
  }

  if (!ownPath) {
    say("This page is served outside its site's base path (" + base + "), so it cannot be decrypted here.");
    form.querySelector("button").disabled = true;
    return;
  }
  if (!subtle) {
    say("This browser cannot decrypt the page here: WebCrypto is only available over https or on localhost.");
    form.querySelector("button").disabled = true;
    return;
  }
  tryStored().then(function (done) {
    if (done) return;
    form.addEventListener("submit", unlock);
    input.focus();
  });
})();
