// The actor network: a force layout of actors linked by the events between them.
"use strict";

(async () => {
  const app = document.getElementById("app");
  const panel = document.getElementById("node-panel");
  const loaded = await steppe.load(app, app.dataset.api);
  if (!loaded) return;
  const [data] = loaded;
  if (!data.nodes.length) {
    app.replaceChildren(steppe.el("p", {class: "quiet"}, "No linked actors for these filters."));
    return;
  }
  const width = Math.max(600, app.clientWidth);
  const height = 620;
  const nodes = data.nodes.map((n) => ({...n, id: n.code}));
  const links = data.links.map((l) => ({...l}));
  const radius = d3.scaleSqrt().domain([0, d3.max(nodes, (n) => n.n_events)]).range([4, 24]);
  const stroke = d3.scaleSqrt().domain([1, d3.max(links, (l) => l.weight) || 1]).range([1, 8]);

  const svg = d3.select(app).append("svg").attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", width).attr("height", height).attr("role", "img").attr("aria-label", "actor network");
  svg.append("defs").append("marker").attr("id", "arrow").attr("viewBox", "0 -4 8 8").attr("refX", 8)
    .attr("markerWidth", 6).attr("markerHeight", 6).attr("orient", "auto")
    .append("path").attr("d", "M0,-4L8,0L0,4").attr("class", "arrowhead");

  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((d) => d.id).distance(90).strength((l) => Math.min(1, 0.1 + l.weight / 20)))
    .force("charge", d3.forceManyBody().strength(-260))
    .force("collide", d3.forceCollide((d) => radius(d.n_events) + 4))
    .force("center", d3.forceCenter(width / 2, height / 2))
    .force("x", d3.forceX(width / 2).strength(0.04)).force("y", d3.forceY(height / 2).strength(0.06));

  const link = svg.append("g").selectAll("line").data(links).join("line")
    .attr("class", (d) => "link " + d.kind).attr("stroke-width", (d) => stroke(d.weight))
    .attr("marker-end", (d) => (d.kind === "on" ? "url(#arrow)" : null));
  link.append("title").text((d) => `${d.source.id} ${d.kind === "on" ? "→" : "with"} ${d.target.id}: ${d.weight} events`);

  const node = svg.append("g").selectAll("g").data(nodes).join("g").attr("class", (d) => "node " + d.kind)
    .attr("tabindex", 0).attr("data-code", (d) => d.code);
  node.append("circle").attr("r", (d) => radius(d.n_events));
  node.append("text").attr("dy", (d) => -radius(d.n_events) - 3).attr("text-anchor", "middle").text((d) => d.code);
  node.append("title").text((d) => `${d.name}: ${d.n_events} events`);
  node.on("click", (event, d) => show(d)).on("keydown", (event, d) => { if (event.key === "Enter") show(d); });
  node.call(d3.drag()
    .on("start", (event, d) => { if (!event.active) sim.alphaTarget(0.2).restart(); d.fx = d.x; d.fy = d.y; })
    .on("drag", (event, d) => { d.fx = event.x; d.fy = event.y; })
    .on("end", (event, d) => { if (!event.active) sim.alphaTarget(0); d.fx = null; d.fy = null; }));

  sim.on("tick", () => {
    for (const n of nodes) {
      n.x = Math.max(20, Math.min(width - 20, n.x));
      n.y = Math.max(20, Math.min(height - 20, n.y));
    }
    link.each(function (d) {
      // stop the line at the target circle so the arrowhead shows
      const dx = d.target.x - d.source.x;
      const dy = d.target.y - d.source.y;
      const len = Math.hypot(dx, dy) || 1;
      const r = radius(d.target.n_events) + 2;
      this.setAttribute("x1", d.source.x);
      this.setAttribute("y1", d.source.y);
      this.setAttribute("x2", d.target.x - (dx / len) * r);
      this.setAttribute("y2", d.target.y - (dy / len) * r);
    });
    node.attr("transform", (d) => `translate(${d.x},${d.y})`);
  });

  function show(d) {
    const counterparts = links.filter((l) => l.source.id === d.id || l.target.id === d.id)
      .sort((a, b) => b.weight - a.weight).slice(0, 12);
    const ul = steppe.el("ul");
    for (const l of counterparts) {
      const other = l.source.id === d.id ? l.target.id : l.source.id;
      const verb = l.kind === "with" ? "with" : (l.source.id === d.id ? "on" : "by");
      ul.append(steppe.el("li", {}, `${verb} ${other}: ${l.weight} events`));
    }
    const more = steppe.el("p", {});
    more.append(steppe.el("a", {href: "/actors/" + encodeURIComponent(d.code)}, "actor page"), " · ",
      steppe.el("a", {href: "/events?participant=" + encodeURIComponent(d.code)}, "its events"));
    panel.replaceChildren(steppe.el("h2", {}, d.name),
      steppe.el("p", {class: "meta"}, `${d.code} · ${d.n_events} events`), ul, more);
  }
})();
