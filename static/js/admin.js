// The back office's widgets that Django's scripts build without an accessible name: the autocomplete boxes
// (select2) are named by their field's label, the filter boxes' search icons get the role their label needs, and
// the boxes of a table of inline rows are named by their column's header and row.
(() => {
  const name = () => {
    document.querySelectorAll(".select2-selection[role=combobox]").forEach((box) => {
      const select = box.closest(".select2-container")?.previousElementSibling;
      const label = select?.labels?.[0];
      if (!label) return;
      label.id ||= `${select.id}_label`;
      const named = (box.getAttribute("aria-labelledby") || "").split(" ");
      if (!named.includes(label.id)) box.setAttribute("aria-labelledby", [label.id, ...named].join(" ").trim());
      // The box's text (the choice made) is a read-only text box of its own: named by the label too.
      box.querySelector("[role=textbox]")?.setAttribute("aria-labelledby", label.id);
    });
    document.querySelectorAll(".tabular tbody td :is(input:not([type=hidden]), select, textarea)").forEach((box) => {
      if (box.labels?.length || box.hasAttribute("aria-label")) return;
      const cell = box.closest("td");
      const table = cell.closest("table");
      const header = table.tHead?.rows[0]?.cells[cell.cellIndex]?.textContent.trim();
      const row = [...table.tBodies[0].querySelectorAll("tr.form-row")].indexOf(cell.closest("tr")) + 1;
      if (header) box.setAttribute("aria-label", `${header}, row ${row}`);
    });
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  };
  // Django's scripts build these widgets on load and when an inline row is added: name them afterwards.
  window.addEventListener("load", () => setTimeout(name));
  document.addEventListener("formset:added", () => setTimeout(name));
})();
