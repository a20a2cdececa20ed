// Timeline of events per category (one lane each) with a brush that selects a period.
"use strict";

(async () => {
  const app = document.getElementById("app");
  const loaded = await steppe.load(app, app.dataset.api);
  if (!loaded) return;
  const [data] = loaded;
  const items = data.items.map((e) => ({...e, t: steppe.parseDate(e.date), precise: e.date.length >= 7}));
  const cats = data.categories.map((c) => c.category);
  const counts = new Map(data.categories.map((c) => [c.category, c.count]));
  const hidden = new Set();
  const summary = document.getElementById("selection");
  const list = document.getElementById("selected-events");
  const link = document.getElementById("selection-link");
  if (!items.length) {
    app.replaceChildren(steppe.el("p", {class: "quiet"}, "No dated event matches these filters."));
    summary.textContent = "";
    return;
  }

  const margin = {top: 8, right: 20, bottom: 28, left: 150};
  const width = Math.max(640, app.clientWidth);
  const lane = 30;
  const height = margin.top + margin.bottom + lane * cats.length;
  const x = d3.scaleUtc().domain(d3.extent(items, (d) => d.t)).nice().range([margin.left, width - margin.right]);
  const y = d3.scaleBand().domain(cats).range([margin.top, height - margin.bottom]).padding(0.12);
  const color = d3.scaleOrdinal(cats, steppe.palette);
  const svg = d3.select(app).append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height)
    .attr("role", "img").attr("aria-label", "events per category over time");

  svg.append("g").selectAll("rect").data(cats).join("rect").attr("class", "lane")
    .attr("x", margin.left).attr("width", width - margin.left - margin.right)
    .attr("y", (d) => y(d)).attr("height", y.bandwidth());
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).ticks(width / 90));
  const labels = svg.append("g").selectAll("text").data(cats).join("text").attr("class", "lane-label")
    .attr("x", margin.left - 8).attr("y", (d) => y(d) + y.bandwidth() / 2).attr("dy", "0.35em")
    .attr("text-anchor", "end").text((d) => `${d} (${counts.get(d)})`)
    .on("click", (event, d) => {
      if (hidden.has(d)) hidden.delete(d); else hidden.add(d);
      labels.classed("off", (c) => hidden.has(c));
      update();
    });

  // a stable jitter inside the lane, from the event id
  const jitter = (id) => ((parseInt(id.slice(0, 6), 16) || 0) % 1000) / 1000 - 0.5;
  const dots = svg.append("g").selectAll("circle").data(items).join("circle")
    .attr("class", (d) => (d.precise ? "dot" : "dot imprecise"))
    .attr("cx", (d) => x(d.t)).attr("cy", (d) => y(d.category) + y.bandwidth() / 2 + jitter(d.id) * y.bandwidth() * 0.6)
    .attr("r", (d) => 2.5 + Math.sqrt(d.n_sources || 1)).attr("fill", (d) => color(d.category))
    .attr("stroke", (d) => color(d.category));

  let range = null;
  const brush = d3.brushX()
    .extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
    .on("brush end", (event) => {
      range = event.selection ? event.selection.map((px) => x.invert(px)) : null;
      update();
    });
  svg.append("g").attr("class", "brush").call(brush);

  function update() {
    const chosen = items.filter((d) => !hidden.has(d.category) && (!range || (d.t >= range[0] && d.t <= range[1])));
    const chosenIds = new Set(chosen.map((d) => d.id));
    dots.classed("faded", (d) => !chosenIds.has(d.id));
    const period = range ? `${steppe.iso(range[0])} – ${steppe.iso(range[1])}` : "all dates";
    summary.textContent = `${chosen.length} of ${items.length} events · ${period}` +
      (data.truncated ? ` (the first ${items.length} of ${data.total} shown)` : "");
    list.replaceChildren(...chosen.slice(-200).reverse().map(steppe.eventItem));
    const shown = cats.filter((c) => !hidden.has(c));
    const params = {offset: null, limit: null};
    if (range) {
      params.since = steppe.iso(range[0]);
      params.until = steppe.iso(range[1]);
    }
    if (hidden.size) params.category = shown;
    link.setAttribute("href", steppe.withParams(app.dataset.api, params).replace("/api/timeline", "/events"));
  }
  update();
})();
