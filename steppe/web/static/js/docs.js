// Swagger UI over the app's OpenAPI document (the bundle is shipped in static/vendor).
"use strict";

window.addEventListener("DOMContentLoaded", () => {
  const node = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({url: node.dataset.url, dom_id: "#swagger-ui", deepLinking: true});
});
