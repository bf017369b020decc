/*
 * Drafts of the admin's forms, kept in this browser as the officer types, so that a browser
 * crash or an expired session loses at most a few seconds of typing (core/keep.py, which
 * loads this file with its settings as data attributes: data-user, data-form, the id of the
 * page's form, empty on a list, and the texts in the officer's language).
 *
 * - Once the officer changes something, the form's values are saved under
 *   "csto-draft:<user>:<address>" a second after each input and every few seconds (CKEditor's
 *   fields through its API, since typing there happens in a frame of its own).
 * - On return the page offers the draft in a banner, Restore or Discard; it never restores
 *   it by itself.
 * - On submit the draft's key is remembered for this tab; the next page clears the draft when
 *   it reports a success, and keeps it when the form came back with errors (the form shows
 *   what was posted then, so nothing is offered).
 */
"use strict";
(function () {
  const settings = document.currentScript.dataset;
  const PREFIX = "csto-draft:";
  const SUBMITTED = "csto-draft-submitted";
  const SAVE_AFTER_INPUT_MS = 1000;
  const SAVE_EVERY_MS = 5000;
  const FORGET_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
  // What the officer does not type: files are kept by the server (core/keep.py).
  const NOT_TYPED = new Set(["hidden", "file", "password", "submit", "button", "reset", "image"]);
  const key = `${PREFIX}${settings.user}:${window.location.pathname}`;

  let local, session;
  try {
    local = window.localStorage;
    session = window.sessionStorage;
  } catch (error) {
    return; // storage turned off: the form works as before
  }

  function typedFields(form) {
    return Array.from(form.elements).filter(
      (field) =>
        field.name &&
        !field.disabled &&
        !NOT_TYPED.has(field.type) &&
        !field.name.includes("__prefix__"),
    );
  }

  function editorOf(field) {
    return window.CKEDITOR && field.id ? window.CKEDITOR.instances[field.id] : undefined;
  }

  function valueOf(field) {
    const editor = editorOf(field);
    if (editor && editor.status === "ready") return editor.getData();
    if (field.type === "checkbox") return field.checked;
    if (field.type.startsWith("select")) {
      return Array.from(field.selectedOptions, (option) => [option.value, option.text]);
    }
    return field.value;
  }

  function snapshot(form) {
    const values = {};
    for (const field of typedFields(form)) {
      if (field.type !== "radio") values[field.name] = valueOf(field);
      else if (field.checked) values[field.name] = field.value;
    }
    return values;
  }

  function select(field, chosen) {
    for (const [value, text] of chosen) {
      // An autocomplete field holds only its chosen option: bring back the draft's.
      if (!Array.from(field.options).some((option) => option.value === value)) {
        field.add(new Option(text, value));
      }
    }
    const values = new Set(chosen.map(([value]) => value));
    for (const option of field.options) option.selected = values.has(option.value);
    // select2 and the related-object links follow the change.
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function restore(form, values) {
    for (const field of typedFields(form)) {
      if (!(field.name in values)) continue;
      const value = values[field.name];
      const editor = editorOf(field);
      if (editor && editor.status === "ready") editor.setData(value);
      else if (editor) editor.on("instanceReady", () => editor.setData(value));
      else if (field.type === "radio") field.checked = field.value === value;
      else if (field.type === "checkbox") field.checked = value;
      else if (field.type.startsWith("select")) select(field, value);
      else field.value = value;
    }
  }

  function differs(draft, current) {
    // The editor's HTML may come back with other line breaks than the stored text.
    const plain = (value) => JSON.stringify(value).replace(/\s+/g, "");
    return Object.keys(draft).some(
      (name) => name in current && plain(draft[name]) !== plain(current[name]),
    );
  }

  function savedDraft(name) {
    try {
      const draft = JSON.parse(local.getItem(name));
      return draft && typeof draft.values === "object" ? draft : null;
    } catch (error) {
      return null;
    }
  }

  function forgetOldDrafts() {
    for (let index = local.length - 1; index >= 0; index -= 1) {
      const name = local.key(index);
      if (!name.startsWith(PREFIX)) continue;
      const draft = savedDraft(name);
      if (!draft || !(Date.now() - draft.savedAt < FORGET_AFTER_MS)) local.removeItem(name);
    }
  }

  function autosave(form) {
    let changed = false;
    let saved = null;
    let timer = null;

    function save() {
      timer = null;
      if (!changed) return;
      const values = snapshot(form);
      const text = JSON.stringify(values);
      if (text === saved) return;
      try {
        local.setItem(key, JSON.stringify({ savedAt: Date.now(), values }));
        saved = text;
      } catch (error) {
        // Storage full or refused: the form itself still works.
      }
    }

    function touched() {
      changed = true;
      if (timer === null) timer = window.setTimeout(save, SAVE_AFTER_INPUT_MS);
    }

    form.addEventListener("input", touched);
    form.addEventListener("change", touched);
    if (window.CKEDITOR) {
      const watch = (editor) => editor.on("change", touched);
      Object.values(window.CKEDITOR.instances)
        .filter((editor) => editor.status === "ready")
        .forEach(watch);
      window.CKEDITOR.on("instanceReady", (event) => watch(event.editor));
    }
    window.setInterval(save, SAVE_EVERY_MS);
    window.addEventListener("pagehide", save);
    form.addEventListener("submit", () => {
      save();
      session.setItem(SUBMITTED, key);
    });
    return touched;
  }

  function savedTime(savedAt) {
    const when = new Date(savedAt);
    const two = (number) => String(number).padStart(2, "0");
    const time = `${two(when.getHours())}:${two(when.getMinutes())}`;
    if (when.toDateString() === new Date().toDateString()) return time;
    return `${two(when.getDate())}.${two(when.getMonth() + 1)}.${when.getFullYear()} ${time}`;
  }

  function offer(form, draft, touched) {
    const banner = document.createElement("div");
    banner.className = "draft-offer";
    banner.setAttribute("role", "status");
    const list = document.createElement("ul");
    list.className = "messagelist";
    const item = document.createElement("li");
    item.className = "warning";
    const button = (label, action) => {
      const element = document.createElement("button");
      element.type = "button";
      element.className = "button";
      element.textContent = label;
      element.addEventListener("click", () => {
        action();
        banner.remove();
      });
      return element;
    };
    item.append(
      settings.found.replace("%(time)s", savedTime(draft.savedAt)),
      " ",
      button(settings.restore, () => {
        restore(form, draft.values);
        touched();
      }),
      " ",
      button(settings.discard, () => local.removeItem(key)),
    );
    list.append(item);
    banner.append(list);
    form.before(banner);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const failed = document.querySelector(".errornote, .errorlist") !== null;
    const submitted = session.getItem(SUBMITTED);
    session.removeItem(SUBMITTED);
    if (submitted && !failed && document.querySelector(".messagelist .success")) {
      local.removeItem(submitted);
    }
    forgetOldDrafts();
    const form = settings.form && document.getElementById(settings.form);
    if (!form) return;
    const touched = autosave(form);
    const draft = savedDraft(key);
    if (!draft || (submitted === key && failed)) return;
    if (differs(draft.values, snapshot(form))) offer(form, draft, touched);
    else local.removeItem(key);
  });
})();
