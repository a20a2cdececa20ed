// The review form of an event page: posts JSON to the API, then reloads the page.
"use strict";

(() => {
  const form = document.getElementById("review-form");
  if (!form) return;
  const status = document.getElementById("review-status");
  const {field, value, reviewer, note} = form.elements;

  try {
    reviewer.value = window.localStorage.getItem("steppe.reviewer") || "";
  } catch (e) { /* storage may be off */ }

  function sync() {
    const correcting = form.elements.action.value === "correct";
    field.disabled = !correcting;
    value.disabled = !correcting;
    value.setAttribute("list", "values-" + field.value);
  }
  form.addEventListener("change", sync);
  sync();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {action: form.elements.action.value, reviewer: reviewer.value.trim(), note: note.value.trim() || null};
    if (body.action === "correct") {
      body.field = field.value;
      const text = value.value.trim();
      body.value = (field.value === "actor" || field.value === "recipient")
        ? text.split(",").map((s) => s.trim()).filter(Boolean)
        : (text || null);
    }
    status.className = "";
    status.textContent = "Saving…";
    try {
      const response = await fetch(form.dataset.api, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", Accept: "application/json"},
        body: JSON.stringify(body),
      });
      const data = await response.json().catch(() => null);
      if (!response.ok) {
        status.className = "error-message";
        status.textContent = "Not saved: " + (data && data.error ? data.error.message : response.statusText);
        return;
      }
      try {
        window.localStorage.setItem("steppe.reviewer", body.reviewer);
      } catch (e) { /* storage may be off */ }
      status.textContent = "Saved.";
      window.location.reload();
    } catch (err) {
      status.className = "error-message";
      status.textContent = "Not saved: " + err.message;
    }
  });
})();
