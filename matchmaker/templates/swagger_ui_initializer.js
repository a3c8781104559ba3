// Swagger UI's start-up, served as a file: the page's Content-Security-Policy allows no inline script.
window.addEventListener("load", function () {
  var config = {url: {{ spec_url | tojson }}, dom_id: "#swagger-ui-container", validatorUrl: null};
  var overrides = {{ swagger_ui_config | tojson }};
  for (var name in overrides) { config[name] = overrides[name]; }
  window.ui = SwaggerUIBundle(config);
});
