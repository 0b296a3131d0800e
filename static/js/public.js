// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function copy(text, button) {
    var done = function () { button.textContent = "已复制"; setTimeout(function () { button.textContent = "复制引用"; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done); return; }
    var area = document.createElement("textarea");
    area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); done(); } finally { document.body.removeChild(area); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (el) {
      var button = document.createElement("button");
      button.type = "button"; button.className = "copy"; button.textContent = "复制引用";
      button.addEventListener("click", function () { copy(el.textContent.trim(), button); });
      el.parentNode.appendChild(button);
    });
    // Filters apply as soon as a choice is made.
    document.querySelectorAll("form.filters select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });
})();
