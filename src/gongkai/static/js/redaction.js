/* Redaction editor: drag on a page image to fill the new box's page and position (points).
   The page images are rendered at 72 dpi, so one image pixel is one point; the displayed
   image may be scaled, which is undone here. Without scripts the numbers are typed. */
(function () {
  "use strict";
  var form = document.querySelector(".redaction-form");
  if (!form) { return; }
  function field(name) { return form.querySelector('[name="' + name + '"]'); }
  document.querySelectorAll(".redaction-page img").forEach(function (img) {
    var start = null;
    function point(event) {
      var rect = img.getBoundingClientRect();
      // the width attribute is the page width in points (the image may not be loaded yet)
      var scale = parseFloat(img.getAttribute("width")) / rect.width;
      return {
        x: Math.max(0, (event.clientX - rect.left) * scale),
        y: Math.max(0, (event.clientY - rect.top) * scale)
      };
    }
    img.addEventListener("mousedown", function (event) {
      event.preventDefault();
      start = point(event);
    });
    img.addEventListener("mouseup", function (event) {
      if (!start) { return; }
      var end = point(event);
      field("page").value = img.getAttribute("data-page");
      field("x0").value = Math.min(start.x, end.x).toFixed(1);
      field("top").value = Math.min(start.y, end.y).toFixed(1);
      field("x1").value = Math.max(start.x, end.x).toFixed(1);
      field("bottom").value = Math.max(start.y, end.y).toFixed(1);
      start = null;
      field("ground").focus();
    });
  });
})();
