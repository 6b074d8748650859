// The first error summary of the page takes the focus, so its errors are read out and in view; each of its links
// puts the focus in its field with the field's label in view (a plain link would only scroll to the field).
(() => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.hash.slice(1));
    if (!field) return;
    event.preventDefault();
    const label = field.closest("fieldset")?.querySelector("legend") || field.labels?.[0] || field;
    label.scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
