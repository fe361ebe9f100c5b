// Small progressive enhancements; every page works without this file.

// A filter form sends only the fields that are filled in, so list URLs stay clean
// (without JavaScript the server redirects away from empty parameters instead).
function isFilterForm(element) {
  return element && element.matches && element.matches("form.filters");
}

document.addEventListener("htmx:configRequest", function (event) {
  if (!isFilterForm(event.detail.elt)) return;
  var parameters = event.detail.parameters;
  var names = typeof parameters.keys === "function" ? Array.from(parameters.keys()) : Object.keys(parameters);
  names.forEach(function (name) {
    var value = typeof parameters.get === "function" ? parameters.get(name) : parameters[name];
    if (value === "") {
      if (typeof parameters.delete === "function") parameters.delete(name);
      else delete parameters[name];
    }
  });
});

document.addEventListener("submit", function (event) {
  if (!isFilterForm(event.target)) return;
  Array.from(event.target.elements).forEach(function (field) {
    if (field.name && field.value === "" && !field.disabled) {
      field.disabled = true;
      setTimeout(function () { field.disabled = false; }, 0);
    }
  });
});

// A link to a comment from before the idea page showed its timeline a page at a time
// (/ideas/5/#comment-9, in older emails and notifications): when that comment is not
// on the latest page, open the page that ends at it (?comments=c9).
(function () {
  var found = /^#comment-(\d+)$/.exec(window.location.hash);
  if (!found || document.getElementById("comment-" + found[1])) return;
  if (!document.getElementById("timeline") || window.location.search) return;
  window.location.replace("?comments=c" + found[1] + window.location.hash);
})();
