// Small helpers shared by the pages. Data from the API is only ever put in the page with
// textContent or attributes set one by one, never as HTML.
"use strict";

const steppe = (() => {
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  async function getJSON(url) {
    const response = await fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}});
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(body && body.error ? body.error.message : response.statusText);
    return body;
  }

  function showError(container, err) {
    container.replaceChildren(el("p", {class: "error-message"}, String(err && err.message ? err.message : err)));
  }

  // fetch every URL for a page; on failure show the error in the container and resolve to null
  async function load(container, ...urls) {
    try {
      return await Promise.all(urls.map(getJSON));
    } catch (err) {
      showError(container, err);
      return null;
    }
  }

  // ISO partial dates: "2024" and "2024-05" fall on their first day
  function parseDate(text) {
    if (!text) return null;
    const [y, m, d] = text.split("-").map(Number);
    return new Date(Date.UTC(y, (m || 1) - 1, d || 1));
  }

  function iso(date) {
    return date.toISOString().slice(0, 10);
  }

  function eventLink(id) {
    return "/events/" + encodeURIComponent(id);
  }

  // one event (as the timeline and map APIs give it) as a list item
  function eventItem(e) {
    const li = el("li");
    li.append(el("a", {href: eventLink(e.id)}, (e.date || "undated") + " · " + e.category));
    const who = e.actor.join(", ") + (e.recipient.length ? " → " + e.recipient.join(", ") : "");
    li.append(document.createTextNode(" " + who + ": "));
    li.append(el("q", {}, e.evidence));
    return li;
  }

  // the page's API address with some parameters replaced (null removes them)
  function withParams(url, params) {
    const u = new URL(url, window.location.origin);
    for (const [key, value] of Object.entries(params)) {
      u.searchParams.delete(key);
      if (value === null || value === undefined) continue;
      for (const v of [].concat(value)) u.searchParams.append(key, v);
    }
    return u.pathname + u.search;
  }

  const palette = ["#4e79a7", "#f28e2c", "#e15759", "#76b7b2", "#59a14f", "#edc949", "#af7aa1", "#ff9da7",
                   "#9c755f", "#bab0ab", "#1b9e77", "#7570b3", "#d95f02", "#66a61e"];

  return {el, getJSON, showError, load, parseDate, iso, eventLink, eventItem, withParams, palette};
})();
