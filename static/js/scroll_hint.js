// Marks each scroll box (.table-responsive, .chart-scroll) that is wider than its window, so the hint before it
// ("Scroll sideways for more") shows and the side with more fades out. Without this script the boxes still scroll.
(() => {
  const mark = (box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    box.toggleAttribute("data-scrolls", scrolls);
    box.toggleAttribute("data-more-right", scrolls && box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
  };
  const boxes = document.querySelectorAll(".table-responsive, .chart-scroll");
  const markAll = () => boxes.forEach(mark);
  boxes.forEach((box) => box.addEventListener("scroll", () => mark(box), { passive: true }));
  window.addEventListener("resize", markAll);
  document.addEventListener("toggle", markAll, true); // a table inside <details> gets its width when opened
  markAll();
})();
