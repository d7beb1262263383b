/* Dalil — the script every page loads, in <head>. Every page is complete without it; it adds:
 *  - quick exit (the "Quitter vite" control, or Escape three times on a keyboard): the page hides
 *    and is replaced by a neutral site (location.replace: it leaves no history entry). Every Dalil
 *    page that was open before an exit and that Back (or the back/forward cache) shows again
 *    leaves the same way, before it is drawn: this part runs first, while <body> is not parsed;
 *  - the offline service worker (sw.js), registered after the page has loaded; it is asked, when
 *    the phone is idle, to save the most useful pages in the background;
 *  - on the emergency page: "Erase what Dalil saved on this phone";
 *  - on the search page: the form, and dalil-search.js (Pagefind) fetched when someone searches;
 *  - on the directory: filters and "open now", computed in Morocco's time zone;
 *  - share (the phone's share sheet, copy the link) and listen (the browser's speech synthesis).
 * This file must parse on old engines (KaiOS, old Android WebViews): ES2017 syntax at most — no
 * import(), no ?. or ??, no object spread (tests/test_scripts.py checks it). Quick exit and
 * offline come first, so that an API missing further down cannot stop them.
 * No library, no request to another site. */
(function () {
  "use strict";
  var doc = document;
  var script = doc.currentScript || doc.querySelector("script[data-sw]");

  /* ---- Quick exit, and Back after it ----------------------------------------------------- */
  // Each page load of this tab gets the next number (sessionStorage "dalil-seq", kept in the
  // page's history entry); an exit records the number of the last one ("dalil-exit"). A page
  // shown again from the history with a number not above it was open before the exit: it leaves.
  // sessionStorage belongs to this tab and this site only, and disappears with the tab.
  var read = function (key) {
    try { return Number(window.sessionStorage.getItem(key)) || 0; } catch (error) { return 0; }
  };
  var write = function (key, value) {
    try { window.sessionStorage.setItem(key, String(value)); } catch (error) { /* storage refused: no memory of the exit */ }
  };
  var neutral = (script && script.getAttribute("data-exit")) || "about:blank";
  var leaveNow = function () {
    doc.documentElement.style.display = "none";
    window.location.replace(neutral);
  };
  var seen = function () { return (history.state && history.state.dalilSeen) || 0; };
  var openedBeforeExit = function () {
    var exitAt = read("dalil-exit");
    return exitAt > 0 && !(seen() > exitAt);
  };
  var navigationType = function () {
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    if (entries.length) return entries[0].type;
    var legacy = window.performance && performance.navigation;
    return legacy && legacy.type === 2 ? "back_forward" : legacy && legacy.type === 1 ? "reload" : "navigate";
  };
  var stamp = function () {
    var number = read("dalil-seq") + 1;
    write("dalil-seq", number);
    try { history.replaceState(Object.assign({}, history.state, { dalilSeen: number }), ""); } catch (error) { /* no history API */ }
  };
  if (navigationType() !== "navigate" && openedBeforeExit()) {
    leaveNow();
    return;
  }
  if (navigationType() === "navigate" || !seen()) stamp();
  // The back/forward cache restores a page without loading it again: the same check.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && openedBeforeExit()) leaveNow();
  });
  window.addEventListener("hashchange", function () { if (!seen()) stamp(); });
  var exitNow = function (event) {
    if (event) event.preventDefault();
    write("dalil-exit", read("dalil-seq"));
    leaveNow();
  };

  /* ---- Offline: service worker, background saving, erasing ------------------------------- */
  var offline = "serviceWorker" in navigator && script && script.dataset.sw && location.protocol !== "file:";
  window.addEventListener("load", function () {
    if (!offline || read("dalil-erased")) return;  // erased in this tab: nothing is saved again
    navigator.serviceWorker.register(script.dataset.sw, { scope: new URL(".", new URL(script.dataset.sw, location.href)).pathname })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        var worker = registration.active;
        if (!worker) return;
        // The first page was loaded before the worker existed: hand it its HTML, so that it can
        // be read offline without downloading it again (the worker refuses the pages it must
        // never keep). Later pages are kept by the worker.
        if (!navigator.serviceWorker.controller) {
          worker.postMessage({ keep: location.href.split("#")[0], html: "<!doctype html>\n" + doc.documentElement.outerHTML });
        }
        if (navigator.connection && navigator.connection.saveData) return;  // the reader asked to spare data
        var later = function () { worker.postMessage({ saveLater: true }); };
        if ("requestIdleCallback" in window) window.requestIdleCallback(later, { timeout: 5000 }); else setTimeout(later, 2000);
      })
      .catch(function () { /* no offline support: the site still works */ });
  });
  var eraseAll = function () {
    var keys = window.caches ? caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) { return caches.delete(name); }));
    }) : Promise.resolve();
    return keys;
  };

  var main = function () {
    /* Offline notice: the worker marks the copies it serves from its cache; a page the browser
       shows from its own cache while the phone is offline says so too. */
    var markOffline = function () {
      if (!navigator.onLine) doc.documentElement.setAttribute("data-dalil-offline", "");
    };
    markOffline();
    window.addEventListener("offline", markOffline);

    /* Quick exit control */
    var exit = doc.querySelector("[data-dalil-exit]");
    if (exit) {
      exit.addEventListener("click", exitNow);
      // A list shown again (without an exit) starts at its top, not scrolled to what was read.
      try { history.scrollRestoration = "manual"; } catch (error) { /* older engine */ }
      var presses = [];
      doc.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") return;
        var now = Date.now();
        presses = presses.filter(function (t) { return now - t < 2000; });
        presses.push(now);
        if (presses.length >= 3) exitNow();
      });
    }

    /* Share: the phone's own share sheet where it has one (then the WhatsApp and SMS links, which
       work without JavaScript, step aside), and "copy the link" where the clipboard is open. */
    var share = doc.querySelector("[data-dalil-share]");
    if (share) {
      var address = share.getAttribute("data-url");
      var native = share.querySelector("[data-share-native]");
      if (navigator.share && native) {
        native.hidden = false;
        Array.prototype.forEach.call(share.querySelectorAll("[data-share-fallback]"), function (link) { link.hidden = true; });
        native.addEventListener("click", function () {
          navigator.share({ title: share.getAttribute("data-title"), url: address }).catch(function () { /* closed */ });
        });
      }
      var copy = share.querySelector("[data-share-copy]");
      if (copy && navigator.clipboard && window.isSecureContext) {
        copy.hidden = false;
        copy.addEventListener("click", function () {
          navigator.clipboard.writeText(address).then(function () { copy.textContent = copy.getAttribute("data-done"); });
        });
      }
    }

    /* Listen: the browser's own speech synthesis reads the page in its language, only where the
       phone has a voice for it (nothing is downloaded). Short pieces, one per paragraph or item:
       some engines stop a long utterance after about 15 seconds. */
    var listen = doc.querySelector("[data-dalil-listen]");
    var speech = window.speechSynthesis;
    if (listen && speech && window.SpeechSynthesisUtterance) {
      var lang = doc.documentElement.lang || "fr";
      var buttons = {};
      var names = listen.getAttribute("data-dalil-listen").split("|");
      ["play", "pause", "resume", "stop"].forEach(function (action, index) {
        var button = doc.createElement("button");
        button.type = "button";
        button.setAttribute("data-listen", action);
        button.textContent = names[index];
        button.hidden = action !== "play";
        listen.appendChild(button);
        buttons[action] = button;
      });
      var state = function (playing, paused) {
        buttons.play.hidden = playing;
        buttons.pause.hidden = !playing || paused;
        buttons.resume.hidden = !paused;
        buttons.stop.hidden = !playing;
      };
      var voiceFor = function () {
        var voices = speech.getVoices().filter(function (v) { return (v.lang || "").toLowerCase().replace("_", "-").split("-")[0] === lang; });
        return voices.filter(function (v) { return /-MA$/i.test(v.lang); })[0] || voices[0] || null;
      };
      var pieces = function () {
        var texts = [];
        var article = doc.querySelector("article");
        var items = article ? article.querySelectorAll("h1, h2, h3, p, li, th, td") : [];
        for (var i = 0; i < items.length; i += 1) {
          var item = items[i];
          if (item.id === "sources" || (item.closest("h2") && item.closest("h2").id === "sources")) break;
          if (item.closest("[data-dalil-listen], .dalil-share, .dalil-feedback, .dalil-page-actions, .dalil-offline, nav, li li, li p")) continue;
          var text = item.textContent.replace(/\s+/g, " ").trim();
          if (text) texts.push(text);
        }
        return texts;
      };
      var offer = function () {
        var voice = voiceFor();
        listen.hidden = !voice;
        return voice;
      };
      buttons.play.addEventListener("click", function () {
        var voice = offer();
        if (!voice) return;
        speech.cancel();
        var texts = pieces();
        texts.forEach(function (text, index) {
          var utterance = new SpeechSynthesisUtterance(text);
          utterance.lang = voice.lang;
          utterance.voice = voice;
          if (index === texts.length - 1) utterance.onend = function () { state(false, false); };
          speech.speak(utterance);
        });
        state(true, false);
      });
      buttons.pause.addEventListener("click", function () { speech.pause(); state(true, true); });
      buttons.resume.addEventListener("click", function () { speech.resume(); state(true, false); });
      buttons.stop.addEventListener("click", function () { speech.cancel(); state(false, false); });
      window.addEventListener("pagehide", function () { speech.cancel(); });
      if (!offer() && "onvoiceschanged" in speech) speech.addEventListener("voiceschanged", offer);
    }

    /* Erase what Dalil saved on this phone: caches, service worker, local storage */
    var erase = doc.querySelector("[data-dalil-erase]");
    if (erase && offline && window.caches) {
      var show = function (which) {
        erase.querySelector("[data-erase-done]").hidden = which !== "done";
        erase.querySelector("[data-erase-failed]").hidden = which !== "failed";
      };
      erase.querySelector("button").addEventListener("click", function () {
        show("");
        write("dalil-erased", 1);
        navigator.serviceWorker.getRegistrations().then(function (registrations) {
          registrations.forEach(function (registration) {
            [registration.active, registration.waiting, registration.installing].forEach(function (worker) {
              if (worker) worker.postMessage({ erase: true });  // stops it storing anything more
            });
          });
          return eraseAll().then(function () {
            return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
          });
        }).then(eraseAll).then(function () {
          try { window.localStorage.clear(); } catch (error) { /* nothing stored there */ }
          show("done");
        }, function () { show("failed"); });
      });
      erase.hidden = false;
    }

    /* ---- Search page: the form; the search itself (dalil-search.js) is fetched on demand ---- */
    // dalil-search.js imports Pagefind with import(). An engine without ES modules keeps the list
    // of themes the page shows without JavaScript; one that cannot run it says search failed.
    var form = doc.querySelector("form[data-search-script]");
    if (form && "noModule" in doc.createElement("script")) {
      var input = form.querySelector("input[name=q]");
      var status = doc.getElementById("dalil-search-status");
      var themes = doc.getElementById("dalil-search-noscript");
      var loading = null;
      var search = function (query) {
        if (!query.trim()) return;
        status.textContent = form.dataset.searching;
        loading = loading || new Promise(function (resolve, reject) {
          var tag = doc.createElement("script");
          tag.src = form.dataset.searchScript;
          // A script that does not parse still fires "load": it is the missing function that tells.
          tag.onload = function () { return window.dalilSearch ? resolve(window.dalilSearch) : reject(); };
          tag.onerror = reject;
          doc.head.appendChild(tag);
        });
        loading.then(function (run) { run(query); }, function () {
          status.textContent = form.dataset.error;
          if (themes) themes.hidden = false;
        });
      };
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        history.replaceState(history.state, "", "?q=" + encodeURIComponent(input.value));  // keeps the quick-exit mark
        search(input.value);
      });
      var initial = new URLSearchParams(location.search).get("q");
      if (initial) { input.value = initial; search(initial); }
      form.hidden = false;
      if (themes) themes.hidden = true;
    }

    /* ---- Directory: filters and "open now" ----------------------------------------------- */
    var DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
    var moroccoNow = function (now) {
      // Weekday and minutes since midnight in Morocco, whatever the phone's own time zone.
      var parts = new Intl.DateTimeFormat("en-GB", {
        timeZone: "Africa/Casablanca", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
        year: "numeric", month: "2-digit", day: "2-digit"
      }).formatToParts(now || new Date());
      var get = function (type) { return (parts.find(function (p) { return p.type === type; }) || {}).value; };
      return {
        day: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday")),
        minutes: parseInt(get("hour"), 10) * 60 + parseInt(get("minute"), 10),
        date: get("year") + "-" + get("month") + "-" + get("day")
      };
    };
    var toMinutes = function (hhmm) { var p = hhmm.split(":"); return parseInt(p[0], 10) * 60 + parseInt(p[1], 10); };
    /* Slots: [{byday:[..], opens_at, closes_at, valid_from?, valid_to?}]. Seasonal slots valid
       today replace the regular ones (e.g. Ramadan hours). */
    var slotsToday = function (slots, now) {
      var seasonal = slots.filter(function (s) { return s.valid_from || s.valid_to; }).filter(function (s) {
        return (!s.valid_from || s.valid_from <= now.date) && (!s.valid_to || now.date <= s.valid_to);
      });
      var pool = seasonal.length ? seasonal : slots.filter(function (s) { return !s.valid_from && !s.valid_to; });
      return pool.filter(function (s) { return s.byday.indexOf(DAYS[now.day]) !== -1; });
    };
    var isOpen = function (slots, now) {
      return slotsToday(slots, now).some(function (s) {
        return toMinutes(s.opens_at) <= now.minutes && now.minutes < toMinutes(s.closes_at);
      });
    };
    window.dalilHours = { moroccoNow: moroccoNow, isOpen: isOpen, slotsToday: slotsToday };

    var now = moroccoNow();
    doc.querySelectorAll("[data-hours]").forEach(function (element) {
      var slots = JSON.parse(element.getAttribute("data-hours"));
      element.setAttribute("data-open-now", isOpen(slots, now) ? "yes" : "no");
    });
    doc.querySelectorAll("[data-byday]").forEach(function (row) {
      if (row.getAttribute("data-byday").split(" ").indexOf(DAYS[now.day]) !== -1) row.classList.add("dalil-today");
    });

    var filters = doc.getElementById("dalil-filters");
    if (filters) {
      var list = doc.getElementById("dalil-filter-results");
      var count = doc.getElementById("dalil-filter-count");
      var entries = null;  // loaded on first use: the page itself does not grow with the directory
      var render = function () {
        var want = {
          city: filters.elements.city.value, theme: filters.elements.theme.value,
          lang: filters.elements.lang ? filters.elements.lang.value : "",  // shown only when languages are known
          free: filters.elements.free.checked, open: filters.elements.open.checked
        };
        var chosen = entries.filter(function (e) {
          return (!want.city || e.cities.indexOf(want.city) !== -1)
            && (!want.theme || e.themes.indexOf(want.theme) !== -1)
            && (!want.lang || e.languages.indexOf(want.lang) !== -1)
            && (!want.free || e.free)
            && (!want.open || isOpen(e.hours, now));
        });
        list.textContent = "";
        chosen.forEach(function (e) {
          var item = doc.createElement("li");
          item.setAttribute("data-org", "");
          var link = doc.createElement("a");
          link.href = e.url;
          link.textContent = e.name + (e.alt ? " (" + e.alt + ")" : "");
          item.appendChild(link);
          item.appendChild(doc.createTextNode(" — " + e.city_names.join(doc.documentElement.lang === "ar" ? "، " : ", ")));
          if (e.free) { var free = doc.createElement("strong"); free.textContent = " · " + filters.dataset.freeLabel; item.appendChild(free); }
          if (isOpen(e.hours, now)) { var open = doc.createElement("span"); open.className = "dalil-open-badge dalil-open-badge--on"; open.textContent = filters.dataset.openLabel; item.appendChild(doc.createTextNode(" ")); item.appendChild(open); }
          // The number to reach it, as on the lists the pages show (_directory_list.md.j2), or that there is none yet.
          var contact = doc.createElement(e.contact ? "a" : "span");
          if (e.contact) {
            contact.href = e.contact.href;
            contact.dir = "ltr";
            contact.className = e.contact.whatsapp ? "dalil-whatsapp" : "dalil-tel";
            contact.textContent = (e.contact.whatsapp ? "WhatsApp " : "") + e.contact.text;
          } else {
            contact.className = "dalil-no-contact";
            contact.textContent = filters.dataset.noContact;
          }
          item.appendChild(doc.createElement("br"));
          item.appendChild(contact);
          list.appendChild(item);
        });
        count.textContent = filters.dataset.count.replace("{n}", chosen.length);
      };
      filters.addEventListener("change", function () {
        if (entries) return render();
        fetch(filters.dataset.index).then(function (r) { return r.json(); }).then(function (data) { entries = data; render(); })
          .catch(function () { count.textContent = ""; });
      });
      filters.hidden = false;
      count.textContent = filters.dataset.start;  // until a first choice loads the list
      var hint = doc.getElementById("dalil-filters-noscript");
      if (hint) hint.hidden = true;
    }
  };
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", main); else main();
})();
