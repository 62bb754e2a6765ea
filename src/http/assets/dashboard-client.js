// Punie dashboard: follows /api/events and refreshes only the parts of the page that changed
// (server-rendered fragments); sends prompts, permission answers and cancels with fetch.
(() => {
  "use strict";
  const body = document.body;
  const page = body.dataset.page || "";
  const sessionId = body.dataset.sessionId || "";
  const indicator = document.getElementById("live-indicator");
  const timers = new Map();

  /** Runs `task` once after `ms`, however often it is asked for meanwhile. */
  function soon(key, ms, task) {
    if (timers.has(key)) return;
    timers.set(key, setTimeout(() => { timers.delete(key); task(); }, ms));
  }

  async function post(url, payload) {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload || {}) });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || "Request failed (" + response.status + ")");
    return data;
  }

  function showError(form, error) {
    const box = form && form.querySelector(".error");
    if (box) box.textContent = error ? String(error.message || error) : "";
  }

  async function replaceFrom(url, id) {
    const target = document.getElementById(id);
    if (!target) return;
    const response = await fetch(url, { headers: { accept: "text/html" } });
    if (!response.ok) return;
    const scroller = document.scrollingElement || document.documentElement;
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    const fresh = holder.querySelector("#" + id);
    if (!fresh) return;
    target.replaceWith(fresh);
    if (atBottom && page === "session") scroller.scrollTop = scroller.scrollHeight;
  }

  const refreshSession = () => soon("session", 120, () => replaceFrom("/fragments/sessions/" + encodeURIComponent(sessionId), "session-live"));
  const refreshList = () => soon("list", 250, () => replaceFrom("/fragments/sessions" + location.search, "session-list"));

  function onSessionEvent(data) {
    const id = data.sessionId || data.id;
    if (page === "session") {
      if (id === sessionId) refreshSession();
      return;
    }
    if (page !== "sessions") return;
    const row = document.querySelector('tr[data-session-id="' + CSS.escape(String(id)) + '"]');
    if (row && data.status) {
      const cell = row.querySelector(".status");
      if (cell) {
        cell.className = "status status-" + data.status;
        cell.textContent = data.status;
      }
      if (data.title) {
        const link = row.querySelector("a");
        if (link) link.textContent = data.title;
      }
    }
    // New sessions, and the agents panel, come from the server.
    refreshList();
  }

  function connect() {
    if (!window.EventSource) return;
    const after = body.dataset.lastEventId || "0";
    const source = new EventSource("/api/events?after=" + encodeURIComponent(after));
    const onAny = (handler) => (message) => {
      let data = {};
      try { data = JSON.parse(message.data); } catch (_) { return; }
      if (message.lastEventId) body.dataset.lastEventId = message.lastEventId;
      handler(data);
    };
    source.addEventListener("session", onAny(onSessionEvent));
    source.addEventListener("update", onAny((data) => { if (page === "session" && data.sessionId === sessionId) refreshSession(); }));
    source.addEventListener("permission", onAny((data) => {
      if (page === "session" && data.sessionId === sessionId) refreshSession();
      if (page === "sessions") refreshList();
    }));
    source.addEventListener("open", () => { if (indicator) { indicator.dataset.state = "live"; indicator.textContent = "Live"; } });
    source.addEventListener("error", () => { if (indicator) { indicator.dataset.state = "offline"; indicator.textContent = "Reconnecting…"; } });
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.action) return;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    showError(form, null);
    try {
      const text = form.elements.namedItem("prompt").value;
      if (form.dataset.action === "start") {
        const workspace = form.elements.namedItem("workspace").value;
        const created = await post("/api/sessions", { workspace: workspace });
        await post("/api/sessions/" + encodeURIComponent(created.id) + "/prompt", { text: text });
        location.assign("/sessions/" + encodeURIComponent(created.id));
        return;
      }
      await post("/api/sessions/" + encodeURIComponent(sessionId) + "/prompt", { text: text });
      form.elements.namedItem("prompt").value = "";
      refreshSession();
    } catch (error) {
      showError(form, error);
    } finally {
      if (button) button.disabled = false;
    }
  });

  // Ctrl+Enter (⌘+Enter) in the Prompt box sends, as in most chat boxes.
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || !(target instanceof HTMLTextAreaElement) || !target.form) return;
    event.preventDefault();
    target.form.requestSubmit();
  });

  document.addEventListener("click", async (event) => {
    const button = event.target instanceof Element ? event.target.closest("button[data-action]") : null;
    if (!button) return;
    const action = button.dataset.action;
    const container = button.closest("[data-error-box]") || document;
    const box = container.querySelector(".error");
    if (box) box.textContent = "";
    button.disabled = true;
    try {
      if (action === "answer") {
        for (const sibling of button.parentElement.querySelectorAll("button")) sibling.disabled = true;
        await post("/api/sessions/" + encodeURIComponent(sessionId) + "/permissions/" + encodeURIComponent(button.dataset.requestId), { optionId: button.dataset.optionId });
      } else if (action === "cancel") {
        await post("/api/sessions/" + encodeURIComponent(sessionId) + "/cancel", {});
      }
      refreshSession();
    } catch (error) {
      button.disabled = false;
      if (box) box.textContent = String(error.message || error);
    }
  });

  connect();
})();
