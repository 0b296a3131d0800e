/* Import screens (lists and master data): upload progress, then the preview's job status.
 *
 * Without JavaScript the forms post normally and the preview page refreshes itself
 * (<noscript> meta refresh) while a worker parses the file.
 *
 * 1. form[data-import-upload]: the file is sent with XHR so the bar shows the real
 *    upload progress; once the bytes are sent the bar becomes indeterminate
 *    ("正在校验…"): with the default immediate task backend the server parses the
 *    file inside this request, so there is no finer progress to report honestly.
 * 2. [data-import-status-url] on the preview page: only present while the job is
 *    queued or processing (a database task backend, worker in another process);
 *    polls the job status and shows rows done / total, then reloads.
 */
(function () {
    "use strict";

    function uploadForm(form) {
        if (!window.XMLHttpRequest || !window.FormData) {
            return;
        }
        var box = form.querySelector("[data-import-progress]");
        var bar = form.querySelector("[data-import-bar]");
        var text = form.querySelector("[data-import-text]");
        var error = form.querySelector("[data-import-error]");
        var button = form.querySelector("button[type=submit]");
        form.addEventListener("submit", function (event) {
            var file = form.querySelector("input[type=file]");
            if (!file || !file.files || !file.files.length) {
                return; // let the server say the file is missing
            }
            event.preventDefault();
            var xhr = new XMLHttpRequest();
            box.hidden = false;
            error.hidden = true;
            button.disabled = true;
            bar.max = 100;
            bar.value = 0;
            text.textContent = "正在上传 0%";
            xhr.upload.onprogress = function (e) {
                if (e.lengthComputable) {
                    bar.value = Math.round((100 * e.loaded) / e.total);
                    text.textContent = "正在上传 " + bar.value + "%";
                }
            };
            xhr.upload.onload = function () {
                bar.removeAttribute("value"); // indeterminate: the server is parsing
                text.textContent = "上传完成，正在校验…";
            };
            function fail(message) {
                box.hidden = true;
                button.disabled = false;
                error.hidden = false;
                error.textContent = message;
            }
            xhr.onload = function () {
                var data = {};
                try {
                    data = JSON.parse(xhr.responseText);
                } catch (e) {
                    data = {};
                }
                if (xhr.status === 200 && data.url) {
                    text.textContent = "校验完成，正在打开预览…";
                    window.location.href = data.url;
                    return;
                }
                fail((data.errors || ["上传失败（HTTP " + xhr.status + "），请重试。"]).join(" "));
            };
            xhr.onerror = function () {
                fail("网络错误，上传失败，请重试。");
            };
            xhr.open("POST", form.getAttribute("action") || window.location.href);
            xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
            xhr.send(new FormData(form));
        });
    }

    function jobStatus(box) {
        var bar = box.querySelector("[data-import-bar]");
        var text = box.querySelector("[data-import-text]");
        var status = document.getElementById("job-status");
        function poll() {
            fetch(box.getAttribute("data-import-status-url"), { credentials: "same-origin" })
                .then(function (r) {
                    return r.json();
                })
                .then(function (d) {
                    if (d.rows_total) {
                        bar.max = 100;
                        bar.value = d.percent;
                        text.textContent = "已处理 " + d.rows_done + " / " + d.rows_total + " 行";
                    } else {
                        bar.removeAttribute("value");
                        text.textContent = d.status === "queued" ? "排队等待处理…" : "正在读取文件…";
                    }
                    if (status) {
                        status.textContent = d.status_label;
                    }
                    if (d.status === "queued" || d.status === "processing") {
                        setTimeout(poll, 1500);
                    } else {
                        window.location.reload();
                    }
                })
                .catch(function () {
                    setTimeout(poll, 3000);
                });
        }
        setTimeout(poll, 1000);
    }

    document.querySelectorAll("form[data-import-upload]").forEach(uploadForm);
    document.querySelectorAll("[data-import-status-url]").forEach(jobStatus);
})();
