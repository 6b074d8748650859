// The review queue's "check every row of this page" box: checks or unchecks the rows' boxes that belong to
// the form it names (data-check-all="<form id>"). Without JavaScript each row is checked on its own.
(function () {
  "use strict";
  document.querySelectorAll("[data-check-all]").forEach(function (box) {
    var rows = document.querySelectorAll('input[type="checkbox"][form="' + box.dataset.checkAll + '"]');
    box.hidden = false;
    box.addEventListener("change", function () {
      rows.forEach(function (row) {
        row.checked = box.checked;
      });
    });
  });
})();
