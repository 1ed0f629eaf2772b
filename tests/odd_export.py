"""An export no alias or word rule recognises, and the column choices that map it: shared by
tests/test_mappings.py and tests/test_page_upload_mapping.py."""

# An export whose headers no alias or word rule knows: without a mapping it has no header row.
ODD_HEADERS = ["Số biên nhận", "Nơi xử lý", "Thời điểm nhận", "Kết quả xử lý", "Ghi chú"]
ODD_ROWS = [["BN-1", "Sở Tư pháp", "02/10/2026 08:00", "4", "gấp"],
            ["BN-2", "UBND xã An Bình", "03/10/2026 09:00", "2", ""]]
CHOICES = {"Số biên nhận": "dossier_code", "Nơi xử lý": "unit_name", "Thời điểm nhận": "received_at",
           "Kết quả xử lý": "status", "Ghi chú": None}
