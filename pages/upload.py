"""Tải dữ liệu (Upload), staff and admins: drop files, see what the import would do (a dry run
of the one import pipeline), import with a progress bar, download the rejected rows, the
templates, and the import history with undo."""
import hashlib
import secrets
from pathlib import Path

import pandas as pd
import streamlit as st

import formatting as fmt
import queries
import ui
from data_loaders import import_file, mappings, read
from data_loaders.columns import KINDS
from data_loaders.messages import FILE_REASONS, REASON_NAMES
from data_loaders.templates import template_frame
from data_loaders.undo import UndoRefused, undo_import
from data_loaders.writes import HISTORY
from labels import IMPORT_KIND_LABELS
from queries.imports import HEADLINE
from queries.scores import GROUP_LABELS
from ui import access

st.title(ui.tr("Tải dữ liệu", "Upload data"))
ui.glossary("TTHC", "DVC", "CCHC")
ui.filters()  # sets the app up when this page is a server's first, deep-linked request
access.require("staff")
me = access.current_user()
lang = ui.lang()
STAGES = {"read": ("đọc tệp", "reading"), "validate": ("kiểm tra", "validating"), "write": ("ghi dữ liệu", "writing"),
          "done": ("xong", "done")}
STATUS = {"ok": ("Đã nhập", "Imported"), "refused": ("Bị từ chối", "Refused"), "failed": ("Lỗi", "Failed"),
          "undo": ("Hoàn tác", "Undo")}


def kind_text(kind) -> str:
    if kind in IMPORT_KIND_LABELS:
        return ui.tr(*IMPORT_KIND_LABELS[kind])
    return {"demo": ui.tr("Dữ liệu mẫu", "Demo data")}.get(kind, kind or "—")


def reason_text(reason: str) -> str:
    return ui.tr(*REASON_NAMES.get(reason, (reason, reason)))


def size_text(n: int) -> str:
    return f"{ui.num(n / 1024 / 1024, 1)} MB" if n >= 1024 * 1024 else f"{ui.num(max(n / 1024, 0.1), 1)} KB"


def dry_run(path: Path, name: str, kind, strict: bool, period: str | None = None, mapping=None):
    """The import's report without writing (cached per file, kind, strictness, period and mapping)."""
    cache = st.session_state.setdefault("_dry_runs", {})
    key = (path.name, kind, strict, period, None if mapping is None else (mapping.name, tuple(sorted(mapping.columns.items()))))
    if key not in cache:
        with ui.writer() as con:
            cache[key] = import_file(con, path, kind=kind, strict=strict, user=me["username"], file_name=name,
                                     dry_run=True, period=period, mapping=mapping)
    return cache[key]


NOT_IMPORTED = ""


def field_text(kind: str, name: str) -> str:
    """A canonical column as a person knows it: 'Tên đơn vị (unit_name)'."""
    if name == NOT_IMPORTED:
        return ui.tr("— không nhập —", "— not imported —")
    col = next(c for c in KINDS[kind] if c.name == name)
    return f"{ui.tr(*col.label)} ({name})"


def chosen_mapping(sha: str, res):
    """The columns a person re-mapped in the editor below (kept in the session by its widgets),
    as a mapping on top of what the import recognised; None when they changed nothing."""
    choices = {}
    for i, header in enumerate(res.headers):
        key = f"map_{sha}_{res.kind}_{i}"
        if key in st.session_state and header:
            choices[header] = st.session_state[key]
    current = {h: res.column_map.get(h, NOT_IMPORTED) for h in choices}
    if not choices or choices == current:
        return None
    try:
        return mappings.build(res.kind, choices, headers=res.headers)
    except mappings.MappingError as e:
        st.error(ui.tr(e.message_vi, e.message_en))
        return None


def mapping_editor(sha: str, res, mapping) -> None:
    """One drop-down per column of the file (those not recognised first): which field it feeds,
    or not imported. A change re-runs the preview; the choices can be saved under a name, and
    the next file with the same headers uses them on its own."""
    if not res.headers or res.kind not in KINDS:
        return
    missing = res.status != "ok" and bool(res.headers)
    with st.expander(ui.tr("Ghép cột", "Map columns"), expanded=bool(res.unknown_columns) or missing):
        st.caption(ui.tr("Chọn trường dữ liệu cho từng cột của tệp (hoặc «không nhập»). Bản xem trước được cập nhật "
                         "ngay; lưu lại để lần sau tệp cùng tiêu đề tự dùng cách ghép này.",
                         "Choose the field each column of the file feeds (or 'not imported'). The preview updates at "
                         "once; save it so that the next file with the same headers uses it on its own."))
        options = [NOT_IMPORTED, *(c.name for c in KINDS[res.kind])]
        order = sorted(range(len(res.headers)), key=lambda i: (res.headers[i] in res.column_map, i))
        grid = st.columns(3)
        for n, i in enumerate(order):
            header = res.headers[i]
            if not header:
                continue
            key = f"map_{sha}_{res.kind}_{i}"
            current = res.column_map.get(header, NOT_IMPORTED)
            grid[n % 3].selectbox(ui.md_escape(header), options, index=options.index(current),
                                  format_func=lambda name, kind=res.kind: field_text(kind, name), key=ui.worded(key),
                                          placeholder=ui.placeholder())
        c1, c2, c3 = st.columns([2, 1, 1])
        name = c1.text_input(ui.tr("Tên cách ghép cột", "Mapping name"),
                             value=res.mapping_name or ui.tr("Hệ thống một cửa tỉnh", "Provincial one-stop system"),
                             key=f"mapname_{sha}")
        replace = c2.checkbox(ui.tr("Ghi đè nếu trùng tên", "Replace a mapping of that name"), key=f"mapreplace_{sha}")
        if c3.button(ui.tr("Lưu cách ghép cột", "Save the mapping"), key=f"mapsave_{sha}"):
            choices = {h: st.session_state.get(f"map_{sha}_{res.kind}_{i}", res.column_map.get(h, NOT_IMPORTED))
                       for i, h in enumerate(res.headers) if h}
            try:
                with ui.writer() as con:
                    mappings.save(con, mappings.build(res.kind, choices, name=name, headers=res.headers),
                                  user=me["username"], replace=replace)
            except mappings.MappingError as e:
                st.error(ui.tr(e.message_vi, e.message_en))
            else:
                st.session_state.pop("_dry_runs", None)
                st.success(ui.md_escape(ui.tr(f"Đã lưu cách ghép cột «{name}».", f"Mapping '{name}' saved.")))


def default_period() -> str:
    """A portal 766 file's period, until the user says otherwise: the latest month with dossiers."""
    last = ui.query(queries.data_bounds)[1]
    return f"{last:%Y-%m}" if last else ""


def show_report(res) -> None:
    """What the file holds and what importing it would do, before anything is written."""
    if res.status != "ok":
        st.error(ui.md_escape(ui.tr(res.message_vi, res.message_en)))
    else:
        st.markdown(ui.tr(
            f"Sẽ nhập: **{res.rows_imported}** dòng mới, **{res.rows_updated}** cập nhật, {res.rows_unchanged} không "
            f"đổi, {res.rows_skipped} bỏ qua, **{res.rows_rejected}** bị từ chối (trên {res.rows_read} dòng đọc được).",
            f"Would import: **{res.rows_imported}** new, **{res.rows_updated}** updated, {res.rows_unchanged} "
            f"unchanged, {res.rows_skipped} skipped, **{res.rows_rejected}** rejected (of {res.rows_read} rows read)."))
    if res.mapping_name:
        st.info(ui.md_escape(ui.tr(
            f"Dùng cách ghép cột đã lưu «{res.mapping_name}»" + (" (tệp có cùng tiêu đề cột)." if res.mapping_auto else "."),
            f"Using the saved column mapping '{res.mapping_name}'" + (" (the file has the same headers)."
                                                                      if res.mapping_auto else "."))))
    if res.group:  # a portal 766 file: which group, for which period
        st.markdown(ui.tr(f"Chỉ số 766, nhóm **{ui.md_escape(GROUP_LABELS[res.group][0])}**, kỳ **{ui.md_escape(res.period)}**: "
                          f"{res.rows_read} đơn vị; nhóm này của kỳ này sẽ được thay thế.",
                          f"QĐ 766, group **{ui.md_escape(GROUP_LABELS[res.group][1])}**, period **{ui.md_escape(res.period)}**: "
                          f"{res.rows_read} units; this group of this period will be replaced."))
    for w in res.warnings[:20]:
        st.warning(ui.md_escape(ui.tr(w["vi"], w["en"])))
    if len(res.warnings) > 20:
        st.caption(ui.tr(f"… và {len(res.warnings) - 20} cảnh báo khác.", f"… and {len(res.warnings) - 20} more warnings."))
    if res.preview:
        header_of = {name: h for h, name in res.column_map.items()}
        preview = pd.DataFrame(res.preview).rename(columns=lambda c: ui.tr("Dòng", "Row") if c == "_row"
                                                   else f"{header_of.get(c, c)} → {c}")
        st.caption(ui.tr("Các dòng đầu, cột đã nhận ra (tiêu đề trong tệp → tên chuẩn):",
                         "First rows, recognised columns (header in the file → standard name):"))
        st.dataframe(preview, hide_index=True, width="stretch")
    if res.unknown_columns:
        st.warning(ui.tr("Cột không nhận ra (không nhập, được ghi trong nhật ký): ",
                         "Columns not recognised (not imported, kept in the log): ")
                   + ", ".join(ui.md_escape(c) for c in res.unknown_columns[:30])
                   + (" …" if len(res.unknown_columns) > 30 else ""))
    if res.date_range:
        first, last = res.date_range
        st.markdown(ui.tr(
            f"Ngày tiếp nhận từ **{fmt.date(first)}** đến **{fmt.date(last)}**; **{res.units_count}** đơn vị.",
            f"Received from **{fmt.date(first)}** to **{fmt.date(last)}**; **{res.units_count}** units."))
        if res.units_found:
            with st.expander(ui.tr("Đơn vị trong tệp", "Units in the file")):
                st.dataframe(pd.DataFrame(res.units_found, columns=[ui.tr("Mã đơn vị", "Unit code"),
                                                                     ui.tr("Tên đơn vị", "Unit name"),
                                                                     ui.tr("Số dòng", "Rows")]),
                             hide_index=True, width="stretch")
    if res.rejected_by_reason:
        st.markdown(ui.tr("**Kiểm tra dữ liệu: số dòng bị từ chối theo lý do**", "**Validation: rejected rows by reason**"))
        st.dataframe(pd.DataFrame([(reason_text(r), n) for r, n in res.rejected_by_reason.items()],
                                  columns=[ui.tr("Lý do", "Reason"), ui.tr("Số dòng", "Rows")]),
                     hide_index=True, width="stretch")
        st.dataframe(pd.DataFrame([(r["row"], r["column"], ui.tr(r["message_vi"], r["message_en"]))
                                   for r in res.rejected_sample],
                                  columns=[ui.tr("Dòng", "Row"), ui.tr("Cột", "Column"), ui.tr("Lý do", "Reason")]),
                     hide_index=True, width="stretch", key=f"rejected_{id(res)}")


def headline_table(before: dict, after: dict) -> pd.DataFrame:
    """Per affected month and headline metric: before, after, change."""
    rows = []
    for month in sorted(after):
        for m in HEADLINE:
            b, a = before.get(month, {}).get(m), after[month].get(m)
            if b == a:
                continue
            is_count = m in ("received", "resolved")
            show = (lambda v: ui.num(v)) if is_count else ui.pct
            change = None if a is None or b is None else a - b
            rows.append({ui.tr("Tháng", "Month"): f"{month[5:]}/{month[:4]}", ui.tr("Chỉ số", "Metric"): ui.label(m),
                         ui.tr("Trước", "Before"): show(b), ui.tr("Sau", "After"): show(a),
                         ui.tr("Thay đổi", "Change"): fmt.DASH if change is None else
                         (f"{change:+,.0f}".replace(",", ".") if is_count else ui.change_text(round(change, 2)))})
    return pd.DataFrame(rows)


def show_result(item: dict) -> None:
    res = item["result"]
    text = ui.md_escape(f"{res.file_name}: {res.summary(lang)}")
    (st.success if res.ok and not res.rows_rejected else st.warning if res.ok else st.error)(text)
    if res.ok and item["after"]:
        changes = headline_table(item["before"], item["after"])
        if changes.empty:
            st.caption(ui.tr("Các chỉ số chính của các tháng liên quan không đổi.",
                             "The headline figures of the months concerned did not change."))
        else:
            st.caption(ui.tr("Thay đổi ở các chỉ số chính (toàn tỉnh) của các tháng liên quan:",
                             "Changes in the headline figures (whole province) of the months concerned:"))
            st.dataframe(changes, hide_index=True, width="stretch")
    if res.rows_rejected:
        rejected = ui.query(queries.rejected_rows_table, res.import_id)
        st.caption(ui.tr("Tải các dòng bị từ chối (cột «Lý do từ chối»), sửa rồi tải lên lại:",
                         "Download the rejected rows (column 'Reason'), fix them and upload again:"))
        ui.downloads(rejected, f"dong_bi_tu_choi_{res.import_id}", key=f"rejected_dl_{res.import_id}")


tab_upload, tab_history, tab_templates = st.tabs(
    [ui.tr("Tải tệp lên", "Upload files"), ui.tr("Lịch sử nhập", "Import history"), ui.tr("Tệp mẫu", "Templates")])

with tab_upload:
    # The widget's own limit is the binding one (never above the server's, which would answer a
    # bigger file with a bare "413"); Streamlit words its refusal in English only, so ours is
    # always on screen under the widget.
    limit_mb = min(int(access.setting("max_upload_mb")), int(st.get_option("server.maxUploadSize")))
    generation = st.session_state.setdefault("_uploader_generation", 0)
    files = st.file_uploader(
        ui.tr("Chọn một hoặc nhiều tệp (CSV, XLSX, JSON)", "Choose one or several files (CSV, XLSX, JSON)"),
        type=["csv", "txt", "tsv", "xlsx", "json"], accept_multiple_files=True, key=f"uploader_{generation}",
        max_upload_size=limit_mb, help=ui.tr(f"Tối đa {limit_mb} MB mỗi tệp.", f"At most {limit_mb} MB per file."),
    )
    st.caption(ui.tr(*FILE_REASONS["upload_limit"]).format(limit=limit_mb))
    # Waiting files of this session only (a random prefix), swept when idle or let go of.
    prefix = st.session_state.setdefault("_upload_prefix", secrets.token_hex(8))
    staged_before = st.session_state.get("_staged", set())
    staged_now, seen = set(), {}
    strict = st.checkbox(ui.tr("Tất cả hoặc không: một dòng lỗi thì không nhập gì",
                               "All or nothing: one rejected row and nothing is imported"), key="upload_strict")
    ready = []
    for f in files or []:
        data = f.getvalue()
        with st.container(border=True):
            st.markdown(f"**{ui.md_escape(f.name)}** · {size_text(len(data))}")
            if len(data) > limit_mb * 1024 * 1024:
                vi, en = FILE_REASONS["too_large"]
                size = round(len(data) / 1024 / 1024, 1)
                st.error(ui.tr(vi, en).format(size=size, limit=limit_mb))
                continue
            sha = hashlib.sha256(data).hexdigest()[:24]
            if sha in seen:  # the same content twice in one batch: checked and imported once
                st.info(ui.md_escape(ui.tr(*FILE_REASONS["duplicate_upload"]).format(other=seen[sha])))
                continue
            seen[sha] = f.name
            path = read.stage_upload(data, f"{prefix}-{sha}.upload")
            staged_now.add(path)
            period = None
            if f.name.lower().endswith(".json"):  # the portal's JSON does not say which period it is
                period = st.text_input(
                    ui.tr("Kỳ đánh giá của tệp (YYYY-MM, YYYY-Qn hoặc YYYY)", "Period of the file (YYYY-MM, YYYY-Qn or YYYY)"),
                    value=default_period(), key=f"period_{sha}").strip() or None
            auto = dry_run(path, f.name, None, strict, period)
            options = list(IMPORT_KIND_LABELS)
            detected = auto.kind if auto.kind in options else None
            choice = st.selectbox(
                ui.tr("Loại dữ liệu", "Kind of data") + (f" ({ui.tr('tự nhận', 'detected')}: {kind_text(detected)})"
                                                          if detected else ""),
                options, index=options.index(detected) if detected else None, format_func=kind_text,
                key=ui.worded(f"kind_{sha}"), placeholder=ui.tr("Chọn loại dữ liệu", "Choose the kind"),
            )
            res = auto if choice in (None, detected) else dry_run(path, f.name, choice, strict, period)
            mapping = chosen_mapping(sha, res)
            if mapping is not None:
                res = dry_run(path, f.name, choice or res.kind, strict, period, mapping)
            show_report(res)
            mapping_editor(sha, res, mapping)
            if res.ok:
                ready.append({"path": path, "name": f.name, "kind": choice or res.kind, "months": res.months,
                              "period": period, "mapping": mapping})
    # files this session no longer shows are deleted now; everyone's idle ones after a while
    read.sweep_uploads(drop=staged_before - staged_now)
    st.session_state["_staged"] = staged_now

    results = st.session_state.get("_upload_results")
    if ready and st.button(ui.tr(f"Nhập {len(ready)} tệp", f"Import {len(ready)} file(s)"), type="primary",
                           key="import_button"):
        bar = st.progress(0.0, text=ui.tr("Đang nhập…", "Importing…"))
        results = []
        for i, item in enumerate(ready):
            def step(fraction, stage, i=i, name=item["name"]):
                bar.progress(min((i + fraction) / len(ready), 1.0), text=f"{ui.md_escape(name)}: {ui.tr(*STAGES.get(stage, (stage, stage)))}")
            with ui.writer() as con:
                before = queries.headline_by_month(con, item["months"]) if item["months"] else {}
                res = import_file(con, item["path"], kind=item["kind"], strict=strict, user=me["username"],
                                  file_name=item["name"], progress=step, period=item["period"], mapping=item["mapping"])
                after = queries.headline_by_month(con, item["months"]) if res.ok and item["months"] else {}
            results.append({"result": res, "before": before, "after": after})
            item["path"].unlink(missing_ok=True)
        bar.progress(1.0, text=ui.tr("Xong.", "Done."))
        st.session_state["_upload_results"] = results
        st.session_state["_uploader_generation"] = generation + 1  # empty the uploader
        st.session_state.pop("_dry_runs", None)
        st.rerun()
    if results:
        st.subheader(ui.tr("Kết quả nhập", "Import results"))
        for item in results:
            show_result(item)

with tab_history:
    history = ui.query(queries.import_history_with_undo)
    if history.empty:
        ui.empty_state("Chưa có lần nhập nào.", "No imports yet.")
    else:
        def status_of(r):
            if isinstance(r.undone_by, str):
                return ui.tr(f"Đã hoàn tác ({r.undone_by})", f"Undone ({r.undone_by})")
            return ui.tr(*STATUS.get(r.status, (r.status, r.status)))
        shown = pd.DataFrame({
            ui.tr("Số", "No."): history["import_id"],
            ui.tr("Lúc", "When"): [fmt.date(t) + t.strftime(" %H:%M") for t in history["started_at"]],
            ui.tr("Người nhập", "By"): history["imported_by"].replace({"system": ui.tr("hệ thống", "system")}),
            ui.tr("Tệp", "File"): history["file_name"],
            ui.tr("Loại", "Kind"): [kind_text(k) for k in history["kind"]],
            ui.tr("Trạng thái", "Status"): [status_of(r) for r in history.itertuples()],
            ui.tr("Đọc", "Read"): history["rows_read"],
            ui.tr("Mới", "New"): history["rows_imported"],
            ui.tr("Cập nhật", "Updated"): history["rows_updated"],
            ui.tr("Bỏ qua", "Skipped"): history["rows_skipped"],
            ui.tr("Từ chối", "Rejected"): history["rows_rejected"],
        })
        st.dataframe(shown, hide_index=True, width="stretch", key="history_table")

        st.markdown(ui.tr("**Hoàn tác một lần nhập**", "**Undo an import**"))
        st.caption(ui.tr(
            "Các dòng của lần nhập trở lại như trước khi nhập (hồ sơ mới bị xóa, hồ sơ được cập nhật trở lại phiên bản "
            "cũ). Nếu một lần nhập sau đã thay đổi cùng các dòng, cần hoàn tác lần nhập sau trước. Cán bộ chỉ hoàn tác "
            "được lần nhập của mình; quản trị viên hoàn tác được mọi lần nhập.",
            "The import's rows return to what they were before it (new dossiers are removed, updated ones get their "
            "previous version back). If a later import changed the same rows, undo that one first. Staff can undo "
            "their own imports; administrators any import."))
        is_admin = me["role"] == "admin"
        undoable = history[(history["status"] == "ok") & history["kind"].isin(list(HISTORY)) & history["undone_by"].isna()
                           & (is_admin | (history["imported_by"] == me["username"]))]
        if undoable.empty:
            st.info(ui.tr("Không có lần nhập nào bạn có thể hoàn tác.", "There is no import you can undo."))
        else:
            labels = {r.import_id: f"#{r.import_id} · {r.file_name} · {r.imported_by} · {fmt.date(r.started_at)}"
                      for r in undoable.itertuples()}
            target = st.selectbox(ui.tr("Lần nhập", "Import"), list(labels), format_func=labels.get,
                                  key=ui.worded("undo_choice"), placeholder=ui.placeholder())
            if st.button(ui.tr("Hoàn tác…", "Undo…"), key="undo_ask"):
                st.session_state["_undo_confirm"] = target
            if st.session_state.get("_undo_confirm") == target:
                row = undoable[undoable["import_id"] == target].iloc[0]
                st.warning(ui.md_escape(ui.tr(
                    f"Hoàn tác lần nhập số {target} ({row.file_name}): xóa {row.rows_imported} dòng mới, khôi phục "
                    f"{row.rows_updated} dòng đã cập nhật. Xác nhận?",
                    f"Undo import {target} ({row.file_name}): remove {row.rows_imported} new rows, restore "
                    f"{row.rows_updated} updated rows. Confirm?")))
                c1, c2, _ = st.columns([1, 1, 4])
                if c1.button(ui.tr("Xác nhận hoàn tác", "Confirm undo"), type="primary", key="undo_confirm"):
                    st.session_state.pop("_undo_confirm", None)
                    try:
                        with ui.writer() as con:
                            out = undo_import(con, int(target), user=me["username"], role=me["role"])
                    except UndoRefused as e:
                        st.session_state["_undo_message"] = ("error", ui.tr(e.message_vi, e.message_en))
                    else:
                        st.session_state["_undo_message"] = ("success", ui.tr(
                            f"Đã hoàn tác lần nhập số {target}: xóa {out['removed']} dòng, khôi phục {out['restored']} dòng.",
                            f"Import {target} undone: {out['removed']} rows removed, {out['restored']} restored."))
                    st.rerun()
                if c2.button(ui.tr("Hủy", "Cancel"), key="undo_cancel"):
                    st.session_state.pop("_undo_confirm", None)
                    st.rerun()
        message = st.session_state.pop("_undo_message", None)
        if message:
            getattr(st, message[0])(ui.md_escape(message[1]))

        with_rejects = history[history["rows_rejected"] > 0]
        if not with_rejects.empty:
            st.markdown(ui.tr("**Dòng bị từ chối của một lần nhập**", "**Rejected rows of an import**"))
            labels = {r.import_id: f"#{r.import_id} · {r.file_name} · {r.rows_rejected}" for r in with_rejects.itertuples()}
            chosen = st.selectbox(ui.tr("Lần nhập", "Import"), list(labels), format_func=labels.get,
                                  key=ui.worded("rejects_choice"), placeholder=ui.placeholder())
            ui.downloads(ui.query(queries.rejected_rows_table, int(chosen)), f"dong_bi_tu_choi_{chosen}", key="history_rejects")

with tab_templates:
    st.caption(ui.tr("Tệp mẫu với tiêu đề cột tiếng Việt và một dòng ví dụ; xóa dòng ví dụ trước khi nhập.",
                     "Templates with Vietnamese headers and one example row; delete the example before importing."))
    for kind in IMPORT_KIND_LABELS:
        st.markdown(f"**{kind_text(kind)}**")
        if kind == "portal766":
            st.caption(ui.tr("Không có tệp mẫu: tải tệp JSON từ trang đánh giá của Cổng Dịch vụ công quốc gia và "
                             "nhập nguyên trạng, kèm kỳ đánh giá.",
                             "No template: download the JSON from the national portal's evaluation page and upload it "
                             "as it is, with its period."))
            continue
        ui.downloads(template_frame(kind), f"mau_{kind}", key=f"template_{kind}")
