// Events on a world outline (Natural Earth 1:110m from world-atlas), one circle per country at the
// centroid of its largest polygon.
"use strict";

(async () => {
  const app = document.getElementById("app");
  const panel = document.getElementById("country-panel");
  const summary = document.getElementById("map-summary");
  const loaded = await steppe.load(app, app.dataset.outline, app.dataset.api);
  if (!loaded) return;
  const [world, data] = loaded;
  const countries = topojson.feature(world, world.objects.countries);
  const borders = topojson.mesh(world, world.objects.countries, (a, b) => a !== b);
  const byId = new Map(countries.features.filter((f) => f.id).map((f) => [f.id, f]));
  const width = Math.max(600, app.clientWidth);
  const height = Math.round(width * 0.52);
  const projection = d3.geoNaturalEarth1().fitSize([width, height], {type: "Sphere"});
  const path = d3.geoPath(projection);

  function centroid(feature) {
    const g = feature.geometry;
    if (g.type !== "MultiPolygon") return d3.geoCentroid(feature);
    let best = null;
    let bestArea = -1;
    for (const coordinates of g.coordinates) {
      const polygon = {type: "Polygon", coordinates};
      const area = d3.geoArea(polygon);
      if (area > bestArea) { best = polygon; bestArea = area; }
    }
    return d3.geoCentroid(best);
  }

  const active = new Set(data.countries.map((c) => c.numeric));
  const svg = d3.select(app).append("svg").attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", width).attr("height", height).attr("role", "img").attr("aria-label", "events by country");
  svg.append("path").datum({type: "Sphere"}).attr("class", "ocean").attr("d", path);
  svg.append("g").selectAll("path").data(countries.features).join("path")
    .attr("class", (f) => (active.has(f.id) ? "land active" : "land")).attr("d", path)
    .append("title").text((f) => f.properties.name);
  svg.append("path").datum(borders).attr("class", "borders").attr("d", path);

  const placed = [];
  const missing = [];
  for (const c of data.countries) {
    const feature = c.numeric && byId.get(c.numeric);
    if (!feature) { missing.push(c); continue; }
    const xy = projection(centroid(feature));
    if (xy) placed.push({...c, x: xy[0], y: xy[1]});
  }
  const r = d3.scaleSqrt().domain([0, d3.max(placed, (c) => c.count) || 1]).range([0, 26]);
  const circles = svg.append("g").selectAll("circle").data(placed.sort((a, b) => b.count - a.count)).join("circle")
    .attr("class", "bubble").attr("cx", (c) => c.x).attr("cy", (c) => c.y).attr("r", (c) => Math.max(3, r(c.count)))
    .attr("tabindex", 0).attr("data-code", (c) => c.code)
    .on("click", (event, c) => show(c)).on("keydown", (event, c) => { if (event.key === "Enter") show(c); });
  circles.append("title").text((c) => `${c.name}: ${c.count} events`);

  summary.textContent = `${data.placed} events in ${data.countries.length} countries; ` +
    `${data.unplaced} without a country` + (missing.length ? `; too small for the outline: ` +
    missing.map((c) => `${c.name} (${c.count})`).join(", ") : "") +
    (data.truncated ? ` (the ${data.placed + data.unplaced} most sourced of ${data.total})` : "");

  function show(c) {
    circles.classed("selected", (d) => d.code === c.code);
    const ul = steppe.el("ul", {class: "evidence-list"});
    ul.append(...c.events.map(steppe.eventItem));
    const more = steppe.el("p", {});
    more.append(steppe.el("a", {href: "/events?participant=" + encodeURIComponent(c.code)},
      `events with ${c.code} as a party`));
    const how = Object.entries(c.by).map(([k, n]) => `${n} by ${k}`).join(", ");
    panel.replaceChildren(summary, steppe.el("h2", {}, `${c.name} (${c.count})`),
      steppe.el("p", {class: "meta"}, `placed ${how}; the ${c.events.length} most sourced:`), ul, more);
  }
})();
