// Starts Swagger UI or ReDoc (whichever bundle the page loaded) on the app's own OpenAPI
// document; a file of its own, because the content policy allows no inline script.
(function () {
  "use strict";
  var target = document.getElementById("api-docs");
  var url = target.dataset.openapi;
  if (window.SwaggerUIBundle) {
    window.SwaggerUIBundle({ url: url, domNode: target, deepLinking: true });
  } else if (window.Redoc) {
    window.Redoc.init(url, {}, target);
  }
})();
