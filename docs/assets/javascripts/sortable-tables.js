// Sortable tables: in a <div class="sortable">, each column heading becomes a button
// that sorts the rows by that column; pressing it again reverses the order. A cell that
// starts with a number (a Unicode minus counts as a sign) sorts by that number, any
// other cell by its text. No dependencies; it works offline.
(function () {
  "use strict";

  function sortKey(cell) {
    var text = cell.textContent.trim();
    var number = text.replace(/\u2212/g, "-").match(/^-?\d+(\.\d+)?([eE]-?\d+)?/);
    return number ? parseFloat(number[0]) : text.toLocaleLowerCase();
  }

  function compare(a, b) {
    if (typeof a !== typeof b) {
      return typeof a === "number" ? -1 : 1; // numbers before text
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function sortBy(table, column) {
    var headings = table.tHead.rows[0].cells;
    var ascending = headings[column].getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, key: sortKey(row.cells[column]), index: index };
    });
    rows.sort(function (a, b) {
      var order = compare(a.key, b.key);
      return (ascending ? order : -order) || a.index - b.index; // stable
    });
    rows.forEach(function (item) {
      body.appendChild(item.row);
    });
    Array.prototype.forEach.call(headings, function (heading, index) {
      var state = index === column ? (ascending ? "ascending" : "descending") : "none";
      heading.setAttribute("aria-sort", state);
    });
  }

  function makeSortable(table) {
    if (table.dataset.sortable === "ready" || !table.tHead || !table.tBodies.length) {
      return;
    }
    table.dataset.sortable = "ready";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (heading.firstChild) {
        button.appendChild(heading.firstChild);
      }
      heading.appendChild(button);
      heading.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        sortBy(table, column);
      });
    });
  }

  function setUp() {
    document.querySelectorAll("div.sortable table").forEach(makeSortable);
  }

  // Every page is loaded whole (the site does not use Material's instant navigation), so
  // the tables are set up once, when the document is there; Material's document$ would
  // run this inside its own start-up work, one long task on a slow phone.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
