// The back office's widgets that Django's scripts build without an accessible name: the autocomplete boxes
// (select2) are named by their field's label, and the filter boxes' search icons get the role their label needs.
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
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  };
  // Django's scripts build these widgets on load and when an inline row is added: name them afterwards.
  window.addEventListener("load", () => setTimeout(name));
  document.addEventListener("formset:added", () => setTimeout(name));
})();
