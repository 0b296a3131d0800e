// Table editor of a list draft: edit an item in a dialog and save it without reloading the table.
// Without this script every link and form works as a plain page (see cms/editor/views.py).
(() => {
  "use strict";
  const table = document.querySelector(".ie-table");
  const dialog = document.querySelector(".ie-dialog");
  if (!table || !dialog || !window.fetch || typeof dialog.showModal !== "function") return;
  const body = dialog.querySelector(".ie-dialog-body");
  const status = document.querySelector(".ie-status");
  const headers = { "X-Requested-With": "fetch" };

  const say = (text) => {
    if (status) status.textContent = text;
  };

  const bind = () => {
    const form = body.querySelector("form");
    if (!form) return;
    const cancel = form.querySelector(".ie-cancel");
    if (cancel) {
      cancel.addEventListener("click", (event) => {
        event.preventDefault();
        dialog.close();
      });
    }
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers,
        credentials: "same-origin",
      });
      const json = (response.headers.get("content-type") || "").includes("json");
      if (response.ok && json) {
        const data = await response.json();
        const holder = document.createElement("tbody");
        holder.innerHTML = data.row.trim();
        const row = holder.firstElementChild;
        const old = document.getElementById(row.id);
        if (old) old.replaceWith(row);
        dialog.close();
        say(data.message);
        const link = row.querySelector("a.ie-edit");
        if (link) link.focus();
      } else if (json) {
        const data = await response.json();
        body.innerHTML = "";
        const p = document.createElement("p");
        p.className = "help-block help-critical";
        p.setAttribute("role", "alert");
        p.textContent = data.error;
        body.append(p);
      } else {
        body.innerHTML = await response.text();
        bind();
        const invalid = body.querySelector(".ie-invalid input, .ie-invalid textarea, .ie-invalid select");
        if (invalid) invalid.focus();
      }
    });
  };

  table.addEventListener("click", async (event) => {
    const link = event.target.closest("a.ie-edit");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    const response = await fetch(link.href, { headers, credentials: "same-origin" });
    if (!response.ok) {
      window.location.href = link.href;
      return;
    }
    body.innerHTML = await response.text();
    bind();
    dialog.showModal();
    const first = body.querySelector("input:not([type=hidden]), textarea, select");
    if (first) first.focus();
  });
})();
