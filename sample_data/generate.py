"""Deterministic generator of a realistic demo province for the CCHC Dashboard.

The demo province is Khánh Hòa as restructured on 1 July 2025 (65 communes, wards and the
Trường Sa special zone), with real names, GSO codes and coordinates taken from the
`vietnamadminunits` package. Everything else is invented but shaped like the real thing:
a procedure catalogue with national-style codes, ~20 provincial agencies, dossiers with
seasonality (Tết dip, year-end peak), very unequal communes, agencies that differ in
punctuality, and improving trends (online share, digitisation, online payment, on-time).

Two entry points:

* `demo_tables()` returns the `units`, `procedures`, `dossiers` and `targets` tables as
  pyarrow Tables whose columns and types match the warehouse tables of the same name
  (minus the columns the importer derives, such as `name_key`, `due_deadline`, `import_id`).
* `write_dossier_export()` writes a dossier export shaped like the province's dossier system
  produces (Vietnamese headers, dd/mm/yyyy dates, title and signature lines), generated in
  chunks so millions of rows never sit in memory as Python objects.

The registry (units, procedures and each unit's "character") does not depend on the seed, so
every export matches the demo registry; only the dossiers depend on the seed. Everything is
vectorised with numpy: there is no Python loop per dossier.

Command line: `python -m sample_data.generate --export FILE --n N [--seed S] [--clean]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib.util
import os
import sqlite3
import sys
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# --------------------------------------------------------------------------------------
# The demo province
# --------------------------------------------------------------------------------------

DEMO_END = dt.date(2026, 10, 31)  # last day with received dossiers; some are still pending

PROVINCE_GSO = "56"  # GSO code of Tỉnh Khánh Hòa in the package's post-2025 table
PROVINCE_NAME = "Khánh Hòa"
PROVINCE_PORTAL = "H56"  # portal-style unit code ("H" + 2 digits), used in every unit code
PROVINCE_UNIT_NAME = f"UBND tỉnh {PROVINCE_NAME}"
SEAT_WARD_CODE = "22366"  # Phường Nha Trang: the provincial seat, where agencies sit
CENTER_SUFFIX = "50"
CENTER_NAME = "Trung tâm Phục vụ hành chính công tỉnh"
COMMUNE_FIRST_SUFFIX = 101  # communes are H56.101, H56.102, ... in GSO code order

# Fixed seed for the registry and each unit's character, so that exports made with any seed
# use the same units, procedure codes and per-unit behaviour as the demo tables.
_REGISTRY_SEED = 20250701

# Provincial agencies that handle dossiers: (code suffix, name, share of dossiers that end
# late over the whole period). Most are under 2%; land and construction, complaints and
# health are the classic laggards, which gives the rankings something to show.
DEPARTMENTS: list[tuple[str, str, float]] = [
    ("01", "Văn phòng UBND tỉnh", 0.010),
    ("02", "Sở Nội vụ", 0.012),
    ("03", "Sở Tư pháp", 0.015),
    ("04", "Sở Tài chính", 0.006),
    ("05", "Sở Công Thương", 0.008),
    ("06", "Sở Nông nghiệp và Môi trường", 0.075),
    ("07", "Sở Xây dựng", 0.055),
    ("08", "Sở Giáo dục và Đào tạo", 0.005),
    ("09", "Sở Y tế", 0.028),
    ("10", "Sở Khoa học và Công nghệ", 0.004),
    ("11", "Sở Văn hóa, Thể thao và Du lịch", 0.007),
    ("12", "Sở Dân tộc và Tôn giáo", 0.010),
    ("13", "Sở Ngoại vụ", 0.003),
    ("14", "Thanh tra tỉnh", 0.065),
    ("15", "Ban Quản lý Khu kinh tế Vân Phong", 0.018),
    ("16", "Công an tỉnh", 0.004),
    ("17", "Bộ Chỉ huy Quân sự tỉnh", 0.010),
    ("18", "Bảo hiểm xã hội tỉnh", 0.006),
    ("19", f"Thuế tỉnh {PROVINCE_NAME}", 0.009),
]

COMMUNE = "commune"  # owner of a field handled by every commune

ONLINE_LEVELS = ("full", "partial", "none")
_DEFAULT_ONLINE_MIX = (0.45, 0.35, 0.20)


class _Field(NamedTuple):
    """One lĩnh vực of the catalogue and the procedures in it, most used first."""

    name: str
    owner: str  # COMMUNE or a department name from DEPARTMENTS
    share: float  # share of all dossiers that fall in this field
    days: tuple[int, int]  # processing time in working days (per procedure, drawn in range)
    fee: float  # probability that a procedure of the field charges a fee
    procedures: list[str]
    online: tuple[float, float, float] = _DEFAULT_ONLINE_MIX  # P(full, partial, none)
    paper: float = 0.5  # probability that the result must be collected on paper


def _combine(templates: list[str], objects: list[str]) -> list[str]:
    """Procedure names built from action templates x objects, in that order."""
    return [t.format(o) for t in templates for o in objects]


_DN_TYPES = [
    "doanh nghiệp tư nhân",
    "công ty trách nhiệm hữu hạn một thành viên",
    "công ty trách nhiệm hữu hạn hai thành viên trở lên",
    "công ty cổ phần",
    "công ty hợp danh",
]

# The catalogue. Shares are of all dossiers: communes take about 60% (certification and
# civil status dominate), the rest spreads over the agencies.
FIELDS: list[_Field] = [
    # ---- communes -------------------------------------------------------------------
    _Field("Chứng thực", COMMUNE, 0.200, (1, 2), 0.95, [
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của nước ngoài cấp hoặc chứng nhận",
        "Chứng thực văn bản thỏa thuận phân chia di sản",
        "Chứng thực di chúc",
        "Chứng thực văn bản khai nhận di sản",
        "Chứng thực văn bản từ chối nhận di sản",
        "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
        "Sửa lỗi sai sót trong hợp đồng, giao dịch",
        "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
        "Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật",
        "Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật",
    ], online=(0.15, 0.55, 0.30), paper=0.95),
    _Field("Hộ tịch", COMMUNE, 0.120, (1, 5), 0.35, [
        "Đăng ký khai sinh",
        "Liên thông các thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        "Cấp giấy xác nhận tình trạng hôn nhân",
        "Đăng ký khai tử",
        "Liên thông các thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất, hỗ trợ chi phí mai táng",
        "Đăng ký kết hôn",
        "Cấp bản sao trích lục hộ tịch",
        "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "Đăng ký nhận cha, mẹ, con",
        "Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con",
        "Đăng ký lại khai sinh",
        "Đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân",
        "Đăng ký lại kết hôn",
        "Đăng ký giám hộ",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "Đăng ký khai tử có yếu tố nước ngoài",
        "Đăng ký nhận cha, mẹ, con có yếu tố nước ngoài",
        "Ghi vào Sổ hộ tịch việc hộ tịch của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài",
        "Xác định lại dân tộc",
    ], online=(0.75, 0.20, 0.05), paper=0.9),
    _Field("Đất đai", COMMUNE, 0.060, (10, 20), 0.70, [
        "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu",
        "Chuyển mục đích sử dụng đất không phải xin phép cơ quan nhà nước có thẩm quyền",
        "Cho phép chuyển mục đích sử dụng đất đối với hộ gia đình, cá nhân",
        "Giao đất, cho thuê đất không đấu giá quyền sử dụng đất đối với hộ gia đình, cá nhân",
        "Gia hạn sử dụng đất nông nghiệp của hộ gia đình, cá nhân",
        "Hòa giải tranh chấp đất đai",
        "Xác nhận tiếp tục sử dụng đất nông nghiệp của hộ gia đình, cá nhân khi hết hạn sử dụng đất",
        "Thu hồi đất do người sử dụng đất tự nguyện trả lại đất",
        "Điều chỉnh quyết định thu hồi đất, giao đất, cho thuê đất, cho phép chuyển mục đích sử dụng đất",
    ], online=(0.20, 0.50, 0.30), paper=0.8),
    _Field("Xây dựng", COMMUNE, 0.022, (10, 15), 0.90, [
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "Cấp giấy phép xây dựng sửa chữa, cải tạo đối với nhà ở riêng lẻ",
        "Cấp điều chỉnh giấy phép xây dựng đối với nhà ở riêng lẻ",
        "Gia hạn giấy phép xây dựng đối với nhà ở riêng lẻ",
        "Cấp lại giấy phép xây dựng đối với nhà ở riêng lẻ",
        "Cấp giấy phép di dời đối với nhà ở riêng lẻ",
        "Cấp giấy phép xây dựng có thời hạn đối với nhà ở riêng lẻ",
    ], online=(0.55, 0.40, 0.05), paper=0.9),
    _Field("Thành lập và hoạt động của hộ kinh doanh", COMMUNE, 0.032, (3, 3), 0.90, [
        "Đăng ký thành lập hộ kinh doanh",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh",
        "Chấm dứt hoạt động hộ kinh doanh",
        "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
    ], online=(0.85, 0.15, 0.0), paper=0.3),
    _Field("Lưu thông hàng hóa trong nước", COMMUNE, 0.004, (5, 10), 1.0, [
        "Cấp giấy phép bán lẻ rượu",
        "Cấp giấy phép bán lẻ sản phẩm thuốc lá",
        "Cấp lại giấy phép bán lẻ rượu",
    ]),
    _Field("Bảo trợ xã hội", COMMUNE, 0.028, (7, 20), 0.0, [
        "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hằng tháng",
        "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
        "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        "Chi trả trợ cấp xã hội hằng tháng khi đối tượng thay đổi nơi cư trú",
        "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm",
        "Công nhận hộ thoát nghèo, hộ thoát cận nghèo trong năm",
        "Đổi, cấp lại Giấy xác nhận khuyết tật",
        "Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở",
        "Công nhận hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp có mức sống trung bình",
        "Đăng ký hoạt động đối với cơ sở trợ giúp xã hội dưới 10 đối tượng có hoàn cảnh khó khăn",
    ], online=(0.30, 0.50, 0.20)),
    _Field("Người có công", COMMUNE, 0.008, (5, 20), 0.0, [
        "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
        "Giải quyết chế độ mai táng phí đối với cựu chiến binh",
        "Cấp giấy xác nhận thân nhân của người có công",
        "Hỗ trợ người có công với cách mạng cải thiện nhà ở",
        "Di chuyển hồ sơ khi người hưởng trợ cấp ưu đãi thay đổi nơi thường trú",
    ], online=(0.20, 0.50, 0.30)),
    _Field("Nghĩa vụ quân sự", COMMUNE, 0.005, (1, 3), 0.0, [
        "Đăng ký nghĩa vụ quân sự lần đầu",
        "Đăng ký nghĩa vụ quân sự bổ sung",
        "Đăng ký nghĩa vụ quân sự chuyển đi, chuyển đến",
        "Đăng ký miễn gọi nhập ngũ thời bình",
    ], online=(0.30, 0.40, 0.30), paper=0.3),
    _Field("Giáo dục và Đào tạo", COMMUNE, 0.007, (5, 20), 0.0, [
        "Chuyển trường đối với học sinh trung học cơ sở",
        "Chuyển trường đối với học sinh tiểu học",
        "Hỗ trợ ăn trưa đối với trẻ em mẫu giáo",
        "Xét, duyệt chính sách hỗ trợ đối với học sinh bán trú đang học tại các trường tiểu học, trung học cơ sở",
        "Cho phép trường mầm non hoạt động giáo dục",
        "Cho phép thành lập nhóm trẻ, lớp mẫu giáo độc lập",
        "Thành lập trường mầm non, trường tiểu học, trường trung học cơ sở công lập",
    ]),
    _Field("Văn hóa cơ sở", COMMUNE, 0.005, (5, 10), 0.0, [
        "Thông báo tổ chức lễ hội",
        "Đăng ký tổ chức lễ hội",
        "Xét tặng danh hiệu Gia đình văn hóa hằng năm",
        "Công nhận câu lạc bộ thể thao cơ sở",
        "Đăng ký hoạt động thư viện tư nhân có vốn sách ban đầu từ 500 bản đến dưới 1.000 bản",
    ]),
    _Field("Tín ngưỡng, tôn giáo", COMMUNE, 0.003, (5, 20), 0.0, [
        "Đăng ký hoạt động tín ngưỡng",
        "Đăng ký sinh hoạt tôn giáo tập trung",
        "Đăng ký bổ sung hoạt động tín ngưỡng",
        "Thông báo danh mục hoạt động tôn giáo đối với tổ chức có địa bàn hoạt động tôn giáo ở một xã",
        "Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo, địa điểm hợp pháp đã đăng ký có quy mô tổ chức ở một xã",
    ], online=(0.30, 0.40, 0.30)),
    _Field("Thi đua, khen thưởng", COMMUNE, 0.003, (10, 20), 0.0, [
        "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã về thành tích thực hiện nhiệm vụ chính trị",
        "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã về thành tích đột xuất",
        "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã cho gia đình",
        "Xét tặng danh hiệu Lao động tiên tiến",
    ], online=(0.20, 0.40, 0.40), paper=0.9),
    _Field("Nông nghiệp", COMMUNE, 0.004, (10, 20), 0.0, [
        "Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai, dịch bệnh",
        "Hỗ trợ đầu tư xây dựng phát triển thủy lợi nhỏ, thủy lợi nội đồng và tưới tiên tiến, tiết kiệm nước",
        "Phê duyệt kế hoạch khuyến nông địa phương",
    ]),
    _Field("Môi trường", COMMUNE, 0.002, (10, 15), 0.0, [
        "Đăng ký môi trường",
        "Tham vấn trong đánh giá tác động môi trường",
    ]),
    _Field("Nuôi con nuôi", COMMUNE, 0.001, (20, 20), 1.0, [
        "Đăng ký việc nuôi con nuôi trong nước",
        "Đăng ký lại việc nuôi con nuôi trong nước",
    ], online=(0.10, 0.50, 0.40), paper=0.9),
    _Field("Hòa giải ở cơ sở", COMMUNE, 0.001, (5, 10), 0.0, [
        "Công nhận hòa giải viên",
        "Thôi làm hòa giải viên",
        "Thanh toán thù lao cho hòa giải viên",
    ]),
    # ---- Văn phòng UBND tỉnh --------------------------------------------------------
    _Field("Tiếp công dân", "Văn phòng UBND tỉnh", 0.0015, (10, 10), 0.0, [
        "Tiếp công dân tại Trụ sở tiếp công dân cấp tỉnh",
        "Xử lý đơn tại Trụ sở tiếp công dân cấp tỉnh",
    ], online=(0.0, 0.3, 0.7)),
    _Field("Kiểm soát thủ tục hành chính", "Văn phòng UBND tỉnh", 0.0006, (10, 10), 0.0, [
        "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
    ], online=(1.0, 0.0, 0.0), paper=0.0),
    _Field("Tiếp cận thông tin", "Văn phòng UBND tỉnh", 0.0004, (10, 15), 0.0, [
        "Cung cấp thông tin theo yêu cầu của công dân",
    ], online=(1.0, 0.0, 0.0), paper=0.2),
    # ---- Sở Nội vụ -----------------------------------------------------------------
    _Field("Việc làm", "Sở Nội vụ", 0.022, (15, 20), 0.0, [
        "Giải quyết hưởng trợ cấp thất nghiệp",
        "Tạm dừng hưởng trợ cấp thất nghiệp",
        "Tiếp tục hưởng trợ cấp thất nghiệp",
        "Chấm dứt hưởng trợ cấp thất nghiệp",
        "Chuyển nơi hưởng trợ cấp thất nghiệp",
        "Hỗ trợ học nghề đối với người đang hưởng trợ cấp thất nghiệp",
        "Cấp giấy phép hoạt động dịch vụ việc làm của doanh nghiệp hoạt động dịch vụ việc làm",
    ], online=(0.50, 0.40, 0.10)),
    _Field("Lao động", "Sở Nội vụ", 0.007, (5, 10), 0.6, [
        "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        "Gia hạn giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        "Cấp lại giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        "Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động",
        "Đăng ký nội quy lao động của doanh nghiệp",
        "Gửi thỏa ước lao động tập thể cấp doanh nghiệp",
        "Khai báo với Sở Nội vụ khi đưa vào sử dụng các loại máy, thiết bị, vật tư có yêu cầu nghiêm ngặt về an toàn, vệ sinh lao động",
    ], online=(0.60, 0.30, 0.10)),
    _Field("Người có công", "Sở Nội vụ", 0.003, (10, 20), 0.0, [
        "Cấp trích lục hoặc sao hồ sơ người có công với cách mạng",
        "Giải quyết chế độ ưu đãi đối với Bà mẹ Việt Nam anh hùng",
        "Giải quyết chế độ ưu đãi đối với thương binh, người hưởng chính sách như thương binh",
        "Đề nghị di chuyển hài cốt liệt sĩ",
        "Thăm viếng mộ liệt sĩ",
        "Cấp bổ sung hoặc cấp lại giấy chứng nhận người có công",
    ], online=(0.20, 0.50, 0.30)),
    _Field("Thi đua, khen thưởng", "Sở Nội vụ", 0.0015, (20, 20), 0.0, [
        "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh về thành tích thực hiện nhiệm vụ chính trị",
        "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh về thành tích đột xuất",
        "Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
        "Tặng Cờ thi đua của Ủy ban nhân dân tỉnh",
        "Tặng danh hiệu Tập thể lao động xuất sắc",
    ], online=(0.20, 0.40, 0.40), paper=0.9),
    _Field("Tổ chức phi chính phủ", "Sở Nội vụ", 0.0006, (15, 20), 0.0, [
        "Công nhận ban vận động thành lập hội",
        "Thành lập hội",
        "Phê duyệt điều lệ hội",
        "Công nhận quỹ đủ điều kiện hoạt động và công nhận thành viên hội đồng quản lý quỹ",
    ]),
    _Field("Văn thư và lưu trữ", "Sở Nội vụ", 0.0008, (3, 5), 1.0, [
        "Cấp bản sao và chứng thực tài liệu lưu trữ",
        "Cấp chứng chỉ hành nghề lưu trữ",
    ]),
    _Field("Công chức, viên chức", "Sở Nội vụ", 0.0005, (15, 20), 0.0, [
        "Thi tuyển công chức",
        "Xét tuyển viên chức",
        "Thăng hạng chức danh nghề nghiệp viên chức",
    ], online=(0.20, 0.30, 0.50)),
    # ---- Sở Tư pháp ----------------------------------------------------------------
    _Field("Lý lịch tư pháp", "Sở Tư pháp", 0.028, (10, 10), 0.9, [
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
        "Cấp Phiếu lý lịch tư pháp qua ứng dụng định danh quốc gia VNeID",
        "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng",
        "Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội",
    ], online=(0.90, 0.10, 0.0), paper=0.5),
    _Field("Công chứng", "Sở Tư pháp", 0.0015, (10, 20), 1.0, [
        "Đăng ký hành nghề và cấp Thẻ công chứng viên",
        "Thành lập Văn phòng công chứng",
        "Đăng ký hoạt động Văn phòng công chứng",
        "Thay đổi nội dung đăng ký hoạt động của Văn phòng công chứng",
        "Cấp lại Thẻ công chứng viên",
    ]),
    _Field("Luật sư", "Sở Tư pháp", 0.0007, (7, 10), 1.0, [
        "Đăng ký hoạt động của tổ chức hành nghề luật sư",
        "Thay đổi nội dung đăng ký hoạt động của tổ chức hành nghề luật sư",
        "Đăng ký hành nghề luật sư với tư cách cá nhân",
        "Đăng ký hoạt động của chi nhánh của tổ chức hành nghề luật sư",
    ]),
    _Field("Đấu giá tài sản", "Sở Tư pháp", 0.0004, (7, 10), 1.0, [
        "Đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
        "Cấp lại Giấy đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
        "Phê duyệt đủ điều kiện thực hiện hình thức đấu giá trực tuyến",
    ]),
    _Field("Trợ giúp pháp lý", "Sở Tư pháp", 0.0010, (2, 5), 0.0, [
        "Yêu cầu trợ giúp pháp lý",
        "Thay đổi người thực hiện trợ giúp pháp lý",
        "Giải quyết khiếu nại về trợ giúp pháp lý",
    ]),
    _Field("Quốc tịch", "Sở Tư pháp", 0.0004, (20, 20), 1.0, [
        "Cấp Giấy xác nhận có quốc tịch Việt Nam",
        "Nhập quốc tịch Việt Nam",
        "Trở lại quốc tịch Việt Nam",
        "Thôi quốc tịch Việt Nam",
    ], online=(0.10, 0.50, 0.40), paper=0.9),
    # ---- Sở Tài chính --------------------------------------------------------------
    _Field("Thành lập và hoạt động doanh nghiệp", "Sở Tài chính", 0.024, (3, 3), 0.8,
        _combine([
            "Đăng ký thành lập {}",
            "Đăng ký thay đổi người đại diện theo pháp luật của {}",
            "Giải thể {}",
        ], _DN_TYPES) + _combine(["Đăng ký thay đổi vốn điều lệ của {}"], _DN_TYPES[1:]) + [
            "Đăng ký hoạt động chi nhánh, văn phòng đại diện, địa điểm kinh doanh",
            "Thông báo thay đổi thông tin của cổ đông sáng lập công ty cổ phần chưa niêm yết",
            "Cấp đổi Giấy chứng nhận đăng ký doanh nghiệp",
            "Chuyển đổi công ty trách nhiệm hữu hạn thành công ty cổ phần",
        ], online=(0.92, 0.08, 0.0), paper=0.2),
    _Field("Đầu tư tại Việt Nam", "Sở Tài chính", 0.0020, (15, 20), 0.0, [
        "Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận chủ trương đầu tư",
        "Chấp thuận chủ trương đầu tư của Ủy ban nhân dân cấp tỉnh",
        "Điều chỉnh dự án đầu tư",
        "Chuyển nhượng dự án đầu tư",
        "Gia hạn thời hạn hoạt động của dự án đầu tư",
        "Chấm dứt hoạt động dự án đầu tư",
        "Góp vốn, mua cổ phần, mua phần vốn góp của nhà đầu tư nước ngoài",
    ], online=(0.40, 0.50, 0.10)),
    _Field("Quản lý công sản", "Sở Tài chính", 0.0010, (10, 20), 0.0, [
        "Quyết định giao tài sản công",
        "Quyết định thanh lý tài sản công",
        "Quyết định điều chuyển tài sản công",
    ]),
    _Field("Tài chính ngân sách", "Sở Tài chính", 0.0010, (2, 5), 0.0, [
        "Đăng ký mã số đơn vị có quan hệ với ngân sách",
        "Thẩm định quyết toán dự án hoàn thành sử dụng vốn đầu tư công",
    ], online=(0.80, 0.20, 0.0), paper=0.2),
    _Field("Thành lập và hoạt động của hợp tác xã", "Sở Tài chính", 0.0015, (3, 5), 0.5, [
        "Đăng ký thành lập hợp tác xã",
        "Đăng ký thay đổi nội dung đăng ký hợp tác xã",
        "Giải thể tự nguyện hợp tác xã",
        "Đăng ký thành lập liên hiệp hợp tác xã",
    ]),
    # ---- Sở Công Thương ------------------------------------------------------------
    _Field("Lưu thông hàng hóa trong nước", "Sở Công Thương", 0.0030, (10, 15), 1.0, [
        "Cấp giấy phép bán buôn rượu",
        "Cấp giấy phép bán buôn sản phẩm thuốc lá",
        "Cấp giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh",
        "Cấp sửa đổi, bổ sung giấy phép bán buôn rượu",
        "Cấp giấy phép lập cơ sở bán lẻ",
    ]),
    _Field("Xăng dầu", "Sở Công Thương", 0.0012, (10, 15), 1.0, [
        "Cấp Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu",
        "Cấp lại Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu",
    ]),
    _Field("Kinh doanh khí", "Sở Công Thương", 0.0008, (10, 15), 1.0, [
        "Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai",
        "Cấp Giấy chứng nhận đủ điều kiện trạm nạp LPG vào chai",
    ]),
    _Field("An toàn thực phẩm", "Sở Công Thương", 0.0020, (10, 20), 1.0, [
        "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở do Sở Công Thương quản lý",
        "Cấp lại Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở do Sở Công Thương quản lý",
        "Cấp Giấy xác nhận kiến thức về an toàn thực phẩm",
    ]),
    _Field("Xúc tiến thương mại", "Sở Công Thương", 0.0030, (5, 7), 0.0, [
        "Đăng ký thực hiện khuyến mại theo hình thức mang tính may rủi trên địa bàn một tỉnh",
        "Đăng ký sửa đổi, bổ sung nội dung chương trình khuyến mại",
        "Đăng ký tổ chức hội chợ, triển lãm thương mại tại Việt Nam",
    ], online=(0.95, 0.05, 0.0), paper=0.0),
    _Field("Điện", "Sở Công Thương", 0.0008, (10, 15), 1.0, [
        "Cấp giấy phép hoạt động điện lực trong lĩnh vực phân phối điện",
        "Cấp giấy phép hoạt động phát điện đối với nhà máy điện có quy mô dưới 03 MW",
        "Cấp thẻ kiểm tra viên điện lực",
    ]),
    _Field("Hóa chất", "Sở Công Thương", 0.0006, (10, 12), 1.0, [
        "Cấp Giấy chứng nhận đủ điều kiện sản xuất hóa chất sản xuất, kinh doanh có điều kiện",
        "Cấp Giấy chứng nhận đủ điều kiện kinh doanh hóa chất sản xuất, kinh doanh có điều kiện",
    ]),
    _Field("Quản lý cạnh tranh", "Sở Công Thương", 0.0006, (7, 10), 0.0, [
        "Đăng ký hoạt động bán hàng đa cấp tại địa phương",
        "Đăng ký hợp đồng theo mẫu, điều kiện giao dịch chung",
    ]),
    # ---- Sở Nông nghiệp và Môi trường ---------------------------------------------
    _Field("Đất đai", "Sở Nông nghiệp và Môi trường", 0.030, (10, 20), 0.9, [
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế",
        "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
        "Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
        "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "Tách thửa hoặc hợp thửa đất",
        "Cung cấp thông tin, dữ liệu đất đai",
        "Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất",
        "Đính chính Giấy chứng nhận đã cấp",
        "Đăng ký biến động do đổi tên, thay đổi thông tin về người sử dụng đất",
        "Giao đất, cho thuê đất đối với tổ chức",
        "Chuyển mục đích sử dụng đất đối với tổ chức",
        "Đăng ký đất đai lần đầu đối với tổ chức",
    ], online=(0.20, 0.55, 0.25), paper=0.8),
    _Field("Môi trường", "Sở Nông nghiệp và Môi trường", 0.0015, (15, 20), 1.0, [
        "Cấp giấy phép môi trường",
        "Cấp đổi giấy phép môi trường",
        "Cấp điều chỉnh giấy phép môi trường",
        "Thẩm định báo cáo đánh giá tác động môi trường",
        "Thẩm định phương án cải tạo, phục hồi môi trường trong hoạt động khai thác khoáng sản",
    ]),
    _Field("Tài nguyên nước", "Sở Nông nghiệp và Môi trường", 0.0008, (15, 20), 1.0, [
        "Cấp giấy phép khai thác, sử dụng nước dưới đất",
        "Cấp giấy phép khai thác, sử dụng nước mặt",
        "Gia hạn, điều chỉnh giấy phép khai thác, sử dụng tài nguyên nước",
        "Cấp giấy phép thăm dò nước dưới đất",
    ]),
    _Field("Khoáng sản", "Sở Nông nghiệp và Môi trường", 0.0004, (15, 20), 1.0, [
        "Cấp giấy phép khai thác khoáng sản làm vật liệu xây dựng thông thường",
        "Gia hạn giấy phép khai thác khoáng sản",
        "Trả lại giấy phép khai thác khoáng sản",
        "Đóng cửa mỏ khoáng sản",
    ], online=(0.10, 0.50, 0.40)),
    _Field("Biển và hải đảo", "Sở Nông nghiệp và Môi trường", 0.0003, (15, 20), 1.0, [
        "Giao khu vực biển",
        "Gia hạn quyết định giao khu vực biển",
        "Cấp giấy phép nhận chìm ở biển",
    ], online=(0.10, 0.50, 0.40)),
    _Field("Đo đạc, bản đồ và thông tin địa lý", "Sở Nông nghiệp và Môi trường", 0.0003, (5, 10), 1.0, [
        "Cung cấp thông tin, dữ liệu, sản phẩm đo đạc và bản đồ",
        "Cấp giấy phép hoạt động đo đạc và bản đồ",
    ]),
    _Field("Thủy sản", "Sở Nông nghiệp và Môi trường", 0.0060, (1, 10), 0.7, [
        "Cấp giấy chứng nhận thủy sản khai thác",
        "Cấp giấy xác nhận thủy sản khai thác",
        "Đăng ký tàu cá",
        "Cấp giấy phép khai thác thủy sản",
        "Cấp lại giấy phép khai thác thủy sản",
        "Cấp văn bản chấp thuận đóng mới, cải hoán, thuê, mua tàu cá",
        "Cấp giấy chứng nhận an toàn kỹ thuật tàu cá",
    ], online=(0.50, 0.40, 0.10)),
    _Field("Thú y", "Sở Nông nghiệp và Môi trường", 0.0045, (1, 5), 1.0, [
        "Cấp Giấy chứng nhận kiểm dịch động vật, sản phẩm động vật vận chuyển ra khỏi địa bàn cấp tỉnh",
        "Cấp chứng chỉ hành nghề thú y",
        "Cấp giấy chứng nhận đủ điều kiện vệ sinh thú y",
        "Cấp Giấy chứng nhận cơ sở an toàn dịch bệnh động vật",
        "Cấp giấy chứng nhận đủ điều kiện buôn bán thuốc thú y",
    ]),
    _Field("Trồng trọt và Bảo vệ thực vật", "Sở Nông nghiệp và Môi trường", 0.0015, (5, 15), 1.0, [
        "Cấp giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật",
        "Cấp giấy chứng nhận đủ điều kiện buôn bán phân bón",
        "Cấp mã số vùng trồng",
        "Cấp giấy chứng nhận kiểm dịch thực vật nội địa",
    ]),
    _Field("Lâm nghiệp", "Sở Nông nghiệp và Môi trường", 0.0008, (10, 20), 0.0, [
        "Phê duyệt phương án quản lý rừng bền vững",
        "Phê duyệt phương án trồng rừng thay thế",
        "Cấp mã số cơ sở nuôi, trồng các loài động vật rừng, thực vật rừng",
    ]),
    _Field("Thủy lợi", "Sở Nông nghiệp và Môi trường", 0.0004, (10, 20), 0.0, [
        "Cấp giấy phép cho các hoạt động trong phạm vi bảo vệ công trình thủy lợi",
        "Phê duyệt phương án ứng phó thiên tai cho công trình, vùng hạ du đập",
    ]),
    _Field("Quản lý chất lượng nông lâm sản và thủy sản", "Sở Nông nghiệp và Môi trường", 0.0010, (10, 15), 1.0, [
        "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh nông lâm thủy sản",
        "Cấp lại Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh nông lâm thủy sản",
    ]),
    # ---- Sở Xây dựng ---------------------------------------------------------------
    _Field("Hoạt động xây dựng", "Sở Xây dựng", 0.0040, (15, 20), 1.0, [
        "Thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng",
        "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở",
        "Cấp giấy phép xây dựng mới đối với công trình cấp I, cấp II",
        "Cấp giấy phép xây dựng đối với công trình tôn giáo, công trình di tích, tượng đài, tranh hoành tráng",
        "Cấp điều chỉnh giấy phép xây dựng đối với công trình cấp I, cấp II",
        "Gia hạn giấy phép xây dựng đối với công trình cấp I, cấp II",
        "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
        "Cấp chứng chỉ năng lực hoạt động xây dựng hạng II, hạng III",
        "Kiểm tra công tác nghiệm thu hoàn thành công trình",
    ], online=(0.40, 0.50, 0.10)),
    _Field("Quy hoạch xây dựng, kiến trúc", "Sở Xây dựng", 0.0008, (15, 20), 0.5, [
        "Cung cấp thông tin về quy hoạch xây dựng",
        "Cấp giấy phép quy hoạch dự án đầu tư xây dựng",
        "Thẩm định nhiệm vụ, đồ án quy hoạch chi tiết xây dựng",
        "Cấp chứng chỉ hành nghề kiến trúc",
    ]),
    _Field("Nhà ở", "Sở Xây dựng", 0.0008, (15, 20), 0.0, [
        "Thông báo nhà ở hình thành trong tương lai đủ điều kiện được bán, cho thuê mua",
        "Thẩm định giá bán, giá thuê mua nhà ở xã hội",
        "Cho thuê nhà ở công vụ",
        "Chấp thuận chủ trương đầu tư dự án xây dựng nhà ở",
    ]),
    _Field("Kinh doanh bất động sản", "Sở Xây dựng", 0.0006, (10, 20), 1.0, [
        "Cấp chứng chỉ hành nghề môi giới bất động sản",
        "Chuyển nhượng toàn bộ hoặc một phần dự án bất động sản",
    ]),
    _Field("Đường bộ", "Sở Xây dựng", 0.0110, (1, 5), 1.0, [
        "Cấp phù hiệu xe taxi, xe hợp đồng, xe vận tải hàng hóa bằng công-ten-nơ, xe đầu kéo",
        "Cấp Giấy phép kinh doanh vận tải bằng xe ô tô",
        "Cấp lại phù hiệu xe kinh doanh vận tải",
        "Cấp lại Giấy phép kinh doanh vận tải bằng xe ô tô",
        "Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn trên đường bộ",
        "Cấp phép thi công công trình trên đường bộ đang khai thác",
        "Chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng giao thông đường bộ",
        "Đăng ký khai thác tuyến vận tải hành khách cố định bằng xe ô tô",
        "Cấp giấy phép đào tạo lái xe ô tô",
    ], online=(0.80, 0.15, 0.05), paper=0.4),
    _Field("Đường thủy nội địa", "Sở Xây dựng", 0.0015, (3, 5), 1.0, [
        "Đăng ký phương tiện thủy nội địa lần đầu",
        "Đăng ký lại phương tiện thủy nội địa",
        "Xóa giấy chứng nhận đăng ký phương tiện thủy nội địa",
        "Cấp giấy phép hoạt động bến thủy nội địa",
    ]),
    # ---- Sở Giáo dục và Đào tạo ---------------------------------------------------
    _Field("Văn bằng, chứng chỉ", "Sở Giáo dục và Đào tạo", 0.0040, (1, 5), 0.6, [
        "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
        "Chỉnh sửa nội dung văn bằng, chứng chỉ",
        "Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở nước ngoài cấp",
        "Xác minh văn bằng, chứng chỉ",
    ], online=(0.80, 0.20, 0.0)),
    _Field("Giáo dục trung học", "Sở Giáo dục và Đào tạo", 0.0030, (5, 20), 0.0, [
        "Chuyển trường đối với học sinh trung học phổ thông",
        "Xin học lại tại trường khác đối với học sinh trung học",
        "Phúc khảo bài thi tốt nghiệp trung học phổ thông",
        "Cho phép trường trung học phổ thông hoạt động giáo dục",
        "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục",
        "Đăng ký tổ chức hoạt động dạy thêm, học thêm",
    ]),
    _Field("Giáo dục nghề nghiệp", "Sở Giáo dục và Đào tạo", 0.0008, (10, 15), 0.0, [
        "Cấp giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp đối với trung tâm giáo dục nghề nghiệp",
        "Đăng ký bổ sung hoạt động giáo dục nghề nghiệp",
        "Thành lập trung tâm giáo dục nghề nghiệp tư thục",
    ]),
    # ---- Sở Y tế -------------------------------------------------------------------
    _Field("Khám bệnh, chữa bệnh", "Sở Y tế", 0.0040, (10, 20), 1.0,
        _combine(["Cấp giấy phép hành nghề khám bệnh, chữa bệnh đối với chức danh {}"], [
            "bác sỹ", "y sỹ", "điều dưỡng", "hộ sinh", "kỹ thuật y",        ]) + [
            "Gia hạn giấy phép hành nghề khám bệnh, chữa bệnh",
            "Cấp lại giấy phép hành nghề khám bệnh, chữa bệnh",
            "Điều chỉnh giấy phép hành nghề khám bệnh, chữa bệnh",
        ] + _combine(["Cấp giấy phép hoạt động đối với {}"], [
            "phòng khám đa khoa", "phòng khám chuyên khoa", "phòng khám y học cổ truyền",
            "cơ sở dịch vụ tiêm, chích, thay băng, đo dấu hiệu sinh tồn",
        ]) + [
            "Điều chỉnh giấy phép hoạt động khi thay đổi địa điểm",
            "Phê duyệt danh mục kỹ thuật của cơ sở khám bệnh, chữa bệnh",
        ], online=(0.40, 0.50, 0.10)),
    _Field("Dược phẩm", "Sở Y tế", 0.0030, (10, 20), 1.0,
        ["Cấp chứng chỉ hành nghề dược", "Cấp lại chứng chỉ hành nghề dược",
         "Điều chỉnh nội dung chứng chỉ hành nghề dược"]
        + _combine(["Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược cho {}"], [
            "nhà thuốc", "quầy thuốc", "tủ thuốc trạm y tế xã",
            "cơ sở chuyên bán lẻ dược liệu, thuốc dược liệu, thuốc cổ truyền",
        ]) + [
        ], online=(0.40, 0.50, 0.10)),
    _Field("Mỹ phẩm", "Sở Y tế", 0.0008, (3, 10), 1.0, [
        "Cấp số tiếp nhận phiếu công bố sản phẩm mỹ phẩm sản xuất trong nước",
        "Cấp Giấy chứng nhận đủ điều kiện sản xuất mỹ phẩm",
    ], online=(0.90, 0.10, 0.0), paper=0.2),
    _Field("An toàn thực phẩm và dinh dưỡng", "Sở Y tế", 0.0018, (7, 20), 1.0, [
        "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất thực phẩm, kinh doanh dịch vụ ăn uống",
        "Đăng ký bản công bố sản phẩm sản xuất trong nước đối với thực phẩm dinh dưỡng y học",
        "Xác nhận nội dung quảng cáo thực phẩm",
    ]),
    _Field("Trang thiết bị y tế", "Sở Y tế", 0.0005, (3, 5), 1.0, [
        "Công bố đủ điều kiện mua bán trang thiết bị y tế loại B, C, D",
        "Công bố tiêu chuẩn áp dụng đối với trang thiết bị y tế loại A, B",
    ], online=(0.90, 0.10, 0.0), paper=0.1),
    _Field("Bảo trợ xã hội", "Sở Y tế", 0.0008, (10, 20), 0.0, [
        "Tiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở trợ giúp xã hội cấp tỉnh",
        "Cấp giấy phép hoạt động đối với cơ sở trợ giúp xã hội",
        "Cấp giấy chứng nhận đăng ký thành lập cơ sở trợ giúp xã hội ngoài công lập",
        "Thành lập cơ sở trợ giúp xã hội công lập",
    ]),
    _Field("Giám định y khoa", "Sở Y tế", 0.0010, (15, 20), 1.0, [
        "Khám giám định thương tật lần đầu do tai nạn lao động",
        "Khám giám định lần đầu do bệnh nghề nghiệp",
        "Khám giám định để thực hiện chế độ hưu trí đối với người lao động",
    ], online=(0.0, 0.50, 0.50)),
    # ---- Sở Khoa học và Công nghệ -------------------------------------------------
    _Field("Hoạt động khoa học và công nghệ", "Sở Khoa học và Công nghệ", 0.0005, (10, 15), 0.0, [
        "Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ",
        "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
        "Cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ",
    ]),
    _Field("Tiêu chuẩn đo lường chất lượng", "Sở Khoa học và Công nghệ", 0.0012, (3, 10), 0.8, [
        "Đăng ký công bố hợp quy",
        "Đăng ký công bố hợp chuẩn dựa trên kết quả tự đánh giá",
        "Kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu",
        "Chứng nhận chuẩn đo lường để kiểm định phương tiện đo",
    ], online=(0.80, 0.20, 0.0), paper=0.2),
    _Field("An toàn bức xạ và hạt nhân", "Sở Khoa học và Công nghệ", 0.0004, (10, 15), 1.0, [
        "Cấp giấy phép tiến hành công việc bức xạ - Sử dụng thiết bị X-quang chẩn đoán trong y tế",
        "Gia hạn giấy phép tiến hành công việc bức xạ - Sử dụng thiết bị X-quang chẩn đoán trong y tế",
        "Cấp chứng chỉ nhân viên bức xạ cho người phụ trách an toàn cơ sở X-quang chẩn đoán trong y tế",
    ]),
    # ---- Sở Văn hóa, Thể thao và Du lịch -------------------------------------------
    _Field("Du lịch", "Sở Văn hóa, Thể thao và Du lịch", 0.0025, (5, 10), 1.0, [
        "Cấp thẻ hướng dẫn viên du lịch tại điểm",
        "Cấp đổi thẻ hướng dẫn viên du lịch quốc tế, thẻ hướng dẫn viên du lịch nội địa",
        "Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa",
        "Cấp lại thẻ hướng dẫn viên du lịch",
        "Công nhận hạng cơ sở lưu trú du lịch: hạng 1 sao, 2 sao đối với khách sạn, biệt thự du lịch",
        "Công nhận cơ sở kinh doanh dịch vụ ăn uống đạt tiêu chuẩn phục vụ khách du lịch",
        "Công nhận điểm du lịch",
    ], online=(0.70, 0.25, 0.05)),
    _Field("Văn hóa", "Sở Văn hóa, Thể thao và Du lịch", 0.0012, (5, 10), 1.0, [
        "Cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
        "Cấp giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường",
        "Tổ chức cuộc thi, liên hoan trên địa bàn quản lý",
        "Cấp giấy phép triển lãm tác phẩm nhiếp ảnh tại Việt Nam",
    ]),
    _Field("Thể dục thể thao", "Sở Văn hóa, Thể thao và Du lịch", 0.0007, (7, 7), 1.0,
        _combine(["Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao đối với môn {}"], [
            "Bơi, Lặn", "Lặn biển thể thao giải trí", "Thể dục thẩm mỹ", "Quần vợt", "Dù lượn và Diều bay",
        ]) + ["Đăng cai tổ chức giải thi đấu vô địch từng môn thể thao của tỉnh"]),
    _Field("Quảng cáo", "Sở Văn hóa, Thể thao và Du lịch", 0.0006, (5, 5), 0.0, [
        "Tiếp nhận hồ sơ thông báo sản phẩm quảng cáo trên bảng quảng cáo, băng-rôn",
        "Cấp giấy phép thành lập văn phòng đại diện của doanh nghiệp quảng cáo nước ngoài",
    ], online=(0.90, 0.10, 0.0), paper=0.1),
    _Field("Xuất bản, in và phát hành", "Sở Văn hóa, Thể thao và Du lịch", 0.0004, (5, 10), 0.5, [
        "Cấp giấy phép xuất bản tài liệu không kinh doanh",
        "Cấp giấy phép hoạt động in",
        "Đăng ký hoạt động cơ sở in",
        "Cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh",
    ]),
    _Field("Báo chí", "Sở Văn hóa, Thể thao và Du lịch", 0.0002, (5, 15), 0.0, [
        "Cho phép họp báo (trong nước)",
        "Cấp giấy phép xuất bản bản tin (trong nước)",
        "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
    ]),
    # ---- Sở Dân tộc và Tôn giáo ----------------------------------------------------
    _Field("Tôn giáo", "Sở Dân tộc và Tôn giáo", 0.0005, (15, 20), 0.0, [
        "Thông báo về người được bổ nhiệm, bầu cử, suy cử làm chức việc",
        "Đăng ký người được phong phẩm hoặc suy cử làm chức sắc",
        "Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo, địa điểm hợp pháp đã đăng ký có quy mô tổ chức ở nhiều xã",
        "Đề nghị công nhận tổ chức tôn giáo có địa bàn hoạt động ở một tỉnh",
    ], online=(0.30, 0.40, 0.30)),
    _Field("Công tác dân tộc", "Sở Dân tộc và Tôn giáo", 0.0003, (10, 20), 0.0, [
        "Công nhận người có uy tín trong đồng bào dân tộc thiểu số",
        "Đưa ra khỏi danh sách người có uy tín trong đồng bào dân tộc thiểu số",
        "Hỗ trợ đất ở, nhà ở, đất sản xuất cho hộ đồng bào dân tộc thiểu số",
    ], online=(0.20, 0.40, 0.40)),
    # ---- Sở Ngoại vụ ---------------------------------------------------------------
    _Field("Ngoại vụ", "Sở Ngoại vụ", 0.0005, (5, 10), 0.0, [
        "Cho phép sử dụng thẻ đi lại của doanh nhân APEC",
        "Cho phép tổ chức hội nghị, hội thảo quốc tế thuộc thẩm quyền của Ủy ban nhân dân tỉnh",
        "Phê duyệt khoản viện trợ không hoàn lại không thuộc hỗ trợ phát triển chính thức",
    ]),
    # ---- Thanh tra tỉnh ------------------------------------------------------------
    _Field("Giải quyết khiếu nại", "Thanh tra tỉnh", 0.0008, (20, 20), 0.0, [
        "Giải quyết khiếu nại lần đầu",
        "Giải quyết khiếu nại lần hai",
    ], online=(0.0, 0.3, 0.7), paper=1.0),
    _Field("Giải quyết tố cáo", "Thanh tra tỉnh", 0.0003, (20, 20), 0.0, [
        "Giải quyết tố cáo",
    ], online=(0.0, 0.3, 0.7), paper=1.0),
    _Field("Phòng, chống tham nhũng", "Thanh tra tỉnh", 0.0002, (15, 20), 0.0, [
        "Tiếp nhận yêu cầu giải trình",
        "Thực hiện việc giải trình",
        "Xác minh tài sản, thu nhập",
    ], online=(0.0, 0.3, 0.7)),
    # ---- Ban Quản lý Khu kinh tế Vân Phong -----------------------------------------
    _Field("Đầu tư tại khu kinh tế", "Ban Quản lý Khu kinh tế Vân Phong", 0.0005, (15, 20), 0.0, [
        "Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án trong khu kinh tế",
        "Điều chỉnh Giấy chứng nhận đăng ký đầu tư đối với dự án trong khu kinh tế",
        "Chấp thuận chủ trương đầu tư đối với dự án trong khu kinh tế",
        "Chấm dứt hoạt động dự án đầu tư trong khu kinh tế",
    ], online=(0.40, 0.50, 0.10)),
    _Field("Lao động trong khu kinh tế", "Ban Quản lý Khu kinh tế Vân Phong", 0.0008, (5, 10), 0.6, [
        "Cấp giấy phép lao động cho người nước ngoài làm việc trong khu kinh tế",
        "Gia hạn giấy phép lao động cho người nước ngoài làm việc trong khu kinh tế",
        "Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động trong khu kinh tế",
        "Đăng ký nội quy lao động của doanh nghiệp trong khu kinh tế",
    ], online=(0.60, 0.30, 0.10)),
    _Field("Xây dựng trong khu kinh tế", "Ban Quản lý Khu kinh tế Vân Phong", 0.0003, (15, 20), 1.0, [
        "Cấp giấy phép xây dựng công trình trong khu kinh tế",
        "Thẩm định thiết kế xây dựng công trình trong khu kinh tế",
    ]),
    # ---- Công an tỉnh --------------------------------------------------------------
    _Field("Đăng ký, quản lý cư trú", "Công an tỉnh", 0.0300, (1, 7), 0.6, [
        "Đăng ký thường trú",
        "Đăng ký tạm trú",
        "Xác nhận thông tin về cư trú",
        "Gia hạn tạm trú",
        "Xóa đăng ký thường trú",
        "Xóa đăng ký tạm trú",
        "Khai báo tạm vắng",
        "Điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu về cư trú",
        "Thông báo lưu trú",
    ], online=(0.95, 0.05, 0.0), paper=0.1),
    _Field("Cấp, quản lý căn cước", "Công an tỉnh", 0.0200, (7, 7), 0.7, [
        "Cấp đổi thẻ căn cước",
        "Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên",
        "Cấp thẻ căn cước cho người dưới 14 tuổi",
        "Cấp lại thẻ căn cước",
        "Cấp giấy chứng nhận căn cước",
        "Xác nhận số chứng minh nhân dân, số căn cước công dân",
    ], online=(0.30, 0.60, 0.10), paper=0.9),
    _Field("Xuất nhập cảnh", "Công an tỉnh", 0.0080, (5, 8), 1.0, [
        "Cấp hộ chiếu phổ thông gắn chíp điện tử tại Công an cấp tỉnh",
        "Cấp hộ chiếu phổ thông không gắn chíp điện tử tại Công an cấp tỉnh",
        "Gia hạn tạm trú cho người nước ngoài tại Việt Nam",
        "Cấp thẻ tạm trú cho người nước ngoài tại Việt Nam",
    ], online=(0.75, 0.25, 0.0), paper=0.9),
    _Field("Đăng ký, quản lý phương tiện giao thông", "Công an tỉnh", 0.0080, (2, 7), 1.0, [
        "Đăng ký xe lần đầu",
        "Đăng ký sang tên xe trong tỉnh",
        "Cấp đổi chứng nhận đăng ký xe, biển số xe",
        "Thu hồi chứng nhận đăng ký xe, biển số xe",
        "Đăng ký sang tên, di chuyển xe sang tỉnh khác",
        "Cấp lại chứng nhận đăng ký xe, biển số xe",
        "Đăng ký xe tạm thời",
    ], online=(0.60, 0.40, 0.0), paper=0.9),
    _Field("Giấy phép lái xe", "Công an tỉnh", 0.0050, (5, 10), 1.0, [
        "Cấp đổi giấy phép lái xe",
        "Cấp lại giấy phép lái xe",
        "Cấp giấy phép lái xe quốc tế",
    ], online=(0.85, 0.15, 0.0), paper=0.9),
    _Field("Phòng cháy, chữa cháy và cứu nạn, cứu hộ", "Công an tỉnh", 0.0010, (10, 15), 0.3, [
        "Thẩm định thiết kế về phòng cháy và chữa cháy",
        "Nghiệm thu về phòng cháy và chữa cháy",
        "Kiểm định phương tiện phòng cháy và chữa cháy",
        "Cấp giấy xác nhận đủ điều kiện kinh doanh dịch vụ phòng cháy và chữa cháy",
    ], online=(0.30, 0.50, 0.20)),
    _Field("Quản lý ngành, nghề kinh doanh có điều kiện về an ninh, trật tự", "Công an tỉnh", 0.0010, (5, 8), 1.0, [
        "Cấp giấy chứng nhận đủ điều kiện về an ninh, trật tự",
        "Cấp đổi, cấp lại giấy chứng nhận đủ điều kiện về an ninh, trật tự",
    ]),
    _Field("Quản lý con dấu", "Công an tỉnh", 0.0005, (3, 5), 1.0, [
        "Đăng ký mẫu con dấu mới",
        "Đăng ký lại mẫu con dấu",
    ]),
    # ---- Bộ Chỉ huy Quân sự tỉnh ---------------------------------------------------
    _Field("Chính sách quân đội", "Bộ Chỉ huy Quân sự tỉnh", 0.0006, (15, 20), 0.0, [
        "Giải quyết chế độ trợ cấp một lần đối với quân nhân đã phục viên, xuất ngũ, thôi việc",
        "Giải quyết chế độ trợ cấp hằng tháng đối với quân nhân tham gia kháng chiến chống Mỹ cứu nước có dưới 20 năm công tác trong quân đội",
        "Xác nhận quá trình công tác trong quân đội",
    ], online=(0.0, 0.5, 0.5)),
    # ---- Bảo hiểm xã hội tỉnh ------------------------------------------------------
    _Field("Bảo hiểm xã hội", "Bảo hiểm xã hội tỉnh", 0.0100, (3, 20), 0.0, [
        "Cấp lại, đổi thẻ bảo hiểm y tế",
        "Đăng ký tham gia bảo hiểm xã hội tự nguyện",
        "Giải quyết hưởng chế độ ốm đau, thai sản",
        "Giải quyết hưởng trợ cấp bảo hiểm xã hội một lần",
        "Giải quyết hưởng lương hưu",
        "Giải quyết hưởng chế độ tử tuất",
        "Điều chỉnh thông tin trên sổ bảo hiểm xã hội",
    ], online=(0.80, 0.20, 0.0), paper=0.3),
    # ---- Thuế tỉnh -----------------------------------------------------------------
    _Field("Thuế", f"Thuế tỉnh {PROVINCE_NAME}", 0.0060, (3, 10), 0.0, [
        "Khai thuế đối với hoạt động chuyển nhượng bất động sản",
        "Đăng ký thuế lần đầu đối với hộ kinh doanh, cá nhân kinh doanh",
        "Thay đổi thông tin đăng ký thuế",
        "Hoàn thuế thu nhập cá nhân",
        "Xác nhận việc thực hiện nghĩa vụ thuế",
        "Miễn, giảm tiền thuê đất",
        "Cấp hóa đơn điện tử có mã của cơ quan thuế theo từng lần phát sinh",
    ], online=(0.85, 0.15, 0.0), paper=0.1),
]

# --------------------------------------------------------------------------------------
# Calendar: days off and seasonality
# --------------------------------------------------------------------------------------

# Official days off (Tết ranges as announced; later years approximate) and the fixed-date
# holidays. They shape the receipt calendar and count as non-working days for due dates.
_TET_HOLIDAYS = [
    (dt.date(2023, 1, 20), dt.date(2023, 1, 26)),
    (dt.date(2024, 2, 8), dt.date(2024, 2, 14)),
    (dt.date(2025, 1, 25), dt.date(2025, 2, 2)),
    (dt.date(2026, 2, 14), dt.date(2026, 2, 22)),
    (dt.date(2027, 2, 5), dt.date(2027, 2, 11)),
]
_FIXED_HOLIDAYS = [(1, 1), (4, 30), (5, 1), (9, 1), (9, 2)]  # month, day
_HUNG_KINGS = [dt.date(2023, 4, 29), dt.date(2024, 4, 18), dt.date(2025, 4, 7), dt.date(2026, 4, 27)]

# Relative monthly volume: the year starts briskly, Tết empties February, and the last
# quarter peaks as agencies and citizens close the year's files.
_MONTH_FACTOR = {1: 1.00, 2: 0.88, 3: 1.00, 4: 0.97, 5: 0.98, 6: 1.00,
                 7: 0.96, 8: 0.97, 9: 1.00, 10: 1.08, 11: 1.13, 12: 1.20}
_POST_TET_DAYS, _POST_TET_FACTOR = 10, 0.65  # "tháng Giêng là tháng ăn chơi"
_WEEKDAY_FACTOR = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.06, 0.015])  # Mon..Sun
_HOLIDAY_FACTOR = 0.03  # online submissions still trickle in
_YEARLY_GROWTH = 0.12  # volume grows as services get easier to use

# --------------------------------------------------------------------------------------
# Dossier behaviour
# --------------------------------------------------------------------------------------

STATUS_LABELS = {
    1: "Mới đăng ký", 2: "Được tiếp nhận", 3: "Không được tiếp nhận", 4: "Đang xử lý",
    5: "Yêu cầu bổ sung", 6: "Yêu cầu thực hiện nghĩa vụ tài chính", 7: "Rút hồ sơ",
    8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả",
}
PENDING_STATUSES = (2, 4, 5, 6)
CHANNELS = ("direct", "online", "postal")

_P_NOT_ACCEPTED, _P_WITHDRAWN, _P_STOPPED = 0.008, 0.012, 0.006
_P_POSTAL = 0.032
_P_STRAGGLER = 0.0008  # old dossiers stuck in "waiting for supplements" forever
_P_NOT_COLLECTED = 0.03  # results never picked up: stay at status 9
_P_DUE_MISSING = 0.005
_P_DUE_WITH_TIME = 0.12  # hour-based deadlines export a time of day
_P_SERVICE_LEVEL = 0.03  # rows that carry an explicit service level
_P_RAW_SUFFIX = 0.35  # procedures whose iGate code carries the province suffix
_P_RATED = 0.08
_ONLINE_REL = np.array([1.0, 0.85, 0.0])  # relative online propensity: full, partial, none

_DAY = 86_400
_H = 3_600

# --------------------------------------------------------------------------------------
# Targets (example defaults a province edits; not legal requirements)
# --------------------------------------------------------------------------------------

TARGET_DEFAULTS = {  # metric: (value for 2025, change per year)
    "on_time_rate": (95.0, 0.5),
    "progress_rate": (95.0, 0.5),
    "online_rate": (60.0, 10.0),
    "full_online_rate": (80.0, 5.0),
    "digitized_rate": (80.0, 5.0),
    "result_digitized_rate": (80.0, 5.0),
    "online_payment_rate": (50.0, 10.0),
    "reuse_rate": (50.0, 10.0),
}
_TARGET_BASE_YEAR = 2025

# --------------------------------------------------------------------------------------
# Export layout (what the province's dossier system writes)
# --------------------------------------------------------------------------------------

EXPORT_HEADERS = [
    "Mã hồ sơ", "Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mã đơn vị", "Đơn vị xử lý",
    "Kênh thực hiện", "Mức độ", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả",
    "Ngày trả kết quả", "Trạng thái", "Số hóa hồ sơ", "Số hóa kết quả",
    "Tái sử dụng dữ liệu", "Có phí", "Thanh toán trực tuyến", "Xin lỗi",
]
_EXPORT_CHANNEL = {"direct": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính"}
_EXPORT_LEVEL = {"full": "Toàn trình", "partial": "Một phần", "none": ""}
_EXPORT_CHUNK_ROWS = 250_000  # rows generated at a time; >= the demo default keeps them equal
_DATETIME_FMT = "%d/%m/%Y %H:%M:%S"
_DATE_FMT = "%d/%m/%Y"

# --------------------------------------------------------------------------------------
# Table schemas (the warehouse tables, minus the columns the importer derives)
# --------------------------------------------------------------------------------------

UNITS_SCHEMA = pa.schema([
    ("unit_code", pa.string()), ("unit_name", pa.string()), ("kind", pa.string()),
    ("parent_code", pa.string()), ("admin_code", pa.string()), ("lat", pa.float64()),
    ("lon", pa.float64()), ("valid_from", pa.date32()), ("valid_to", pa.date32()),
    ("successor_code", pa.string()),
])
PROCEDURES_SCHEMA = pa.schema([
    ("procedure_code", pa.string()), ("procedure_name", pa.string()),
    ("field_name", pa.string()), ("online_level", pa.string()),
    ("fee_required", pa.bool_()), ("paper_result_required", pa.bool_()),
])
_TS = pa.timestamp("us")  # DuckDB TIMESTAMP (timestamp[s] would become TIMESTAMP_S)
DOSSIERS_SCHEMA = pa.schema([
    ("dossier_code", pa.string()), ("procedure_code", pa.string()),
    ("procedure_code_raw", pa.string()), ("procedure_name", pa.string()),
    ("field_code", pa.string()), ("field_name", pa.string()), ("unit_code", pa.string()),
    ("unit_name", pa.string()), ("channel", pa.string()), ("service_level", pa.string()),
    ("received_at", _TS), ("due_at", _TS), ("completed_at", _TS), ("returned_at", _TS),
    ("status", pa.int16()), ("digitized", pa.bool_()), ("result_digitized", pa.bool_()),
    ("reused", pa.bool_()), ("fee_required", pa.bool_()), ("paid_online", pa.bool_()),
    ("apology", pa.bool_()), ("rating", pa.float64()),
])
TARGETS_SCHEMA = pa.schema([
    ("metric", pa.string()), ("year", pa.int32()), ("scope", pa.string()),
    ("value", pa.float64()),
])

# ======================================================================================
# Registry: units, procedures and each unit's character (seed-independent)
# ======================================================================================


@dataclass(frozen=True)
class _Registry:
    units: pa.Table
    procedures: pa.Table
    # per unit, in `units` row order
    unit_code: pa.Array
    unit_name: pa.Array
    unit_prefix: pa.Array  # unit part of dossier codes: 000.00.05.H56
    unit_late: np.ndarray  # share of dossiers ending late, averaged over the period
    unit_online: np.ndarray  # relative propensity to receive online
    unit_digit: np.ndarray  # relative propensity to digitise
    unit_apology: np.ndarray  # relative propensity to send apology letters
    commune_idx: np.ndarray  # unit indices of the communes
    commune_p: np.ndarray  # each commune's share of commune-level dossiers
    # per procedure, in `procedures` row order
    proc_p: np.ndarray  # share of all dossiers
    proc_owner: np.ndarray  # unit index of the owning agency, -1 = every commune
    proc_level: np.ndarray  # index into ONLINE_LEVELS
    proc_fee: np.ndarray
    proc_days: np.ndarray  # processing time in working days
    proc_raw: pa.Array  # code as the dossier system writes it (some with a suffix)
    online_norm: float  # volume-weighted mean online propensity, to hit the target share
    # per current unit: the old communes that merged into it on 1 July 2025 (padded) and how many
    predecessors: np.ndarray
    pred_count: np.ndarray


def _load_wards() -> list[tuple]:
    """The demo province's communes from the package's post-2025 table, in GSO code order."""
    # find_spec locates the package without importing it (its import pulls in pandas).
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed")
    path = os.path.join(list(spec.submodule_search_locations)[0], "data", "dataset.db")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT province, provinceLat, provinceLon, wardShort, wardType, wardCode,"
            " wardLat, wardLon, wardAreaKm2 FROM admin_units WHERE provinceCode = ?"
            " ORDER BY wardCode", (PROVINCE_GSO,)).fetchall()
    finally:
        con.close()
    if not rows or not rows[0][0].endswith(PROVINCE_NAME):
        raise RuntimeError(f"vietnamadminunits has no province {PROVINCE_GSO} ({PROVINCE_NAME})")
    return rows


MERGER_DAY = dt.date(2025, 7, 1)  # the 2025 restructuring: new communes from this day, no districts
OLD_LAST_DAY = MERGER_DAY - dt.timedelta(days=1)
OLD_COMMUNE_FIRST_SUFFIX = 201  # communes before 1 July 2025: H56.201, … in (province, GSO code) order
OLD_DISTRICT_FIRST_SUFFIX = 61  # districts before 1 July 2025: H56.61, …


def _package_data() -> str:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed")
    return os.path.join(list(spec.submodule_search_locations)[0], "data")


def _load_old_units(new_ward_codes: list[str]) -> tuple[list[tuple], list[tuple]]:
    """The communes and districts that existed before 1 July 2025 in the provinces that merged into
    the demo province, each with the current commune (GSO code) it went into, from the package's
    old → new mapping. A commune split between several new ones goes to the one the package names
    its default; a district goes to the new commune that took most of its communes.

    Returns (districts, communes): districts as (district_code, name, lat, lon, successor_ward);
    communes as (ward_code, name, district_code, lat, lon, successor_ward)."""
    import json

    data = _package_data()
    with open(os.path.join(data, "converter_2025.json"), encoding="utf-8") as f:
        conv = json.load(f)
    con = sqlite3.connect(f"file:{os.path.join(data, 'dataset.db')}?mode=ro", uri=True)
    try:
        new_key = dict(con.execute("SELECT wardKey, wardCode FROM admin_units WHERE provinceCode = ?",
                                   (PROVINCE_GSO,)).fetchall())
        province_key = con.execute("SELECT DISTINCT provinceKey FROM admin_units WHERE provinceCode = ?",
                                   (PROVINCE_GSO,)).fetchone()[0]
        old_provinces = conv["DICT_PROVINCE"][province_key]
        rows = con.execute(
            "SELECT provinceKey || '_' || districtKey || '_' || wardKey, provinceCode, districtCode, districtType,"
            " districtShort, districtLat, districtLon, wardCode, wardType, wardShort, wardLat, wardLon"
            f" FROM admin_units_legacy WHERE provinceKey IN ({', '.join('?' * len(old_provinces))})"
            " ORDER BY provinceCode, wardCode", old_provinces).fetchall()
    finally:
        con.close()
    successor = {}
    for new, olds in conv["DICT_PROVINCE_WARD_NO_DIVIDED"][province_key].items():
        for old in olds:
            successor[old] = new_key[new]
    for old, news in conv["DICT_PROVINCE_WARD_DIVIDED"].get(province_key, {}).items():
        default = next((n for n in news if n.get("isDefaultNewWard")), news[0])
        successor.setdefault(old, new_key[default["newWardKey"]])
    communes, per_district, district_info = [], {}, {}
    for key, _pc, dcode, dtype, dshort, dlat, dlon, wcode, wtype, wshort, wlat, wlon in rows:
        succ = successor.get(key)
        if succ is None or succ not in new_ward_codes:
            continue
        name = f"UBND {wtype.lower()} {wshort} ({dtype.lower()} {dshort})"
        communes.append((wcode, name, dcode, wlat, wlon, succ))
        per_district.setdefault(dcode, []).append(succ)
        district_info[dcode] = (f"UBND {dtype.lower()} {dshort}", dlat, dlon)
    districts = []
    for dcode in sorted(per_district):
        went = per_district[dcode]
        top = max(sorted(set(went)), key=went.count)
        districts.append((dcode, *district_info[dcode], top))
    return districts, communes


@functools.lru_cache(maxsize=1)
def _registry() -> _Registry:
    rng = np.random.default_rng(_REGISTRY_SEED)
    wards = _load_wards()
    seat = next((w for w in wards if w[5] == SEAT_WARD_CODE), wards[0])
    seat_lat, seat_lon = seat[6], seat[7]

    # ---- units: province, agencies, the service centre, communes ----
    rows: list[tuple[str, str, str, str, float, float]] = []

    def add(code: str, name: str, kind: str, admin_code: str, lat: float, lon: float) -> None:
        rows.append((code, name, kind, admin_code, float(lat), float(lon)))

    add(PROVINCE_PORTAL, PROVINCE_UNIT_NAME, "province", PROVINCE_GSO, wards[0][1], wards[0][2])
    # Agencies sit in the provincial seat; small offsets keep their map markers apart.
    offsets = rng.uniform(-0.012, 0.012, size=(len(DEPARTMENTS) + 1, 2))
    for (suffix, name, _late), (dlat, dlon) in zip(DEPARTMENTS, offsets):
        add(f"{PROVINCE_PORTAL}.{suffix}", name, "department", PROVINCE_GSO,
            round(seat_lat + dlat, 5), round(seat_lon + dlon, 5))
    add(f"{PROVINCE_PORTAL}.{CENTER_SUFFIX}", CENTER_NAME, "center", PROVINCE_GSO,
        round(seat_lat + offsets[-1, 0], 5), round(seat_lon + offsets[-1, 1], 5))
    first_commune = len(rows)
    for i, (_p, _plat, _plon, short, wtype, wcode, wlat, wlon, _area) in enumerate(wards):
        add(f"{PROVINCE_PORTAL}.{COMMUNE_FIRST_SUFFIX + i}", f"UBND {wtype.lower()} {short}",
            "commune", wcode, wlat, wlon)
    codes, names, kinds, admin, lats, lons = (list(col) for col in zip(*rows))
    n_units = len(codes)
    dept_index = {name: 1 + i for i, (_s, name, _l) in enumerate(DEPARTMENTS)}
    commune_idx = np.arange(first_commune, n_units)

    nulls = pa.nulls(n_units)
    parent = [None] + [PROVINCE_PORTAL] * (n_units - 1)
    units = pa.Table.from_arrays([
        pa.array(codes), pa.array(names), pa.array(kinds), pa.array(parent, pa.string()),
        pa.array(admin), pa.array(lats), pa.array(lons), nulls.cast(pa.date32()),
        nulls.cast(pa.date32()), nulls.cast(pa.string()),
    ], schema=UNITS_SCHEMA)

    # ---- commune sizes: a population proxy. Urban wards are dense, large rural communes
    # count a little more than small ones, Trường Sa is tiny; noise makes neighbours differ.
    type_factor = {"Phường": 3.0, "Xã": 1.0, "Đặc khu": 0.03}
    area = np.array([w[8] or 50.0 for w in wards])
    size = (np.array([type_factor.get(w[4], 1.0) for w in wards]) * area ** 0.3
            * rng.lognormal(0.0, 0.5, len(wards)))
    commune_p = size / size.sum()

    # ---- each unit's character ----
    unit_late = np.full(n_units, 0.01)
    unit_late[1:1 + len(DEPARTMENTS)] = [late for _s, _n, late in DEPARTMENTS]
    commune_late = np.clip(rng.lognormal(np.log(0.011), 0.7, len(wards)), 0.002, 0.04)
    # A few struggling communes (never the tiny special zone) give the ranking a tail.
    big = np.flatnonzero(commune_p > np.median(commune_p))
    commune_late[rng.choice(big, 3, replace=False)] = rng.uniform(0.05, 0.09, 3)
    unit_late[commune_idx] = commune_late
    unit_online = rng.lognormal(0.0, 0.2, n_units)
    unit_digit = rng.uniform(0.8, 1.12, n_units)
    unit_apology = rng.uniform(0.8, 1.45, n_units)

    # ---- procedures ----
    n_proc = sum(len(f.procedures) for f in FIELDS)
    # National-style codes: one digit, a dot, six digits; most real codes start with 1.00.
    code_space = np.concatenate([10_000_000 + np.arange(300, 13_000),
                                 20_000_000 + np.arange(300, 6_000)])
    drawn = rng.choice(code_space, n_proc, replace=False)
    proc_codes = [f"{c // 10_000_000}.{c % 10_000_000:06d}" for c in drawn]
    p_names, p_fields, p_level, p_fee, p_paper, p_days, p_owner, p_p = ([] for _ in range(8))
    for f in FIELDS:
        k = len(f.procedures)
        # Within a field a few procedures take most dossiers (Zipf), listed first.
        w = rng.lognormal(0.0, 0.3, k) / np.arange(1, k + 1) ** 1.2
        p_p.extend(f.share * w / w.sum())
        p_names.extend(f.procedures)
        p_fields.extend([f.name] * k)
        levels = rng.choice(3, k, p=f.online)
        if f.online[2] < 0.5 and levels[0] == 2:
            # The busiest procedure of a field is where online services were built first.
            levels[0] = 0 if rng.random() < f.online[0] / (f.online[0] + f.online[1]) else 1
        p_level.extend(levels)
        p_fee.extend(rng.random(k) < f.fee)
        p_paper.extend(rng.random(k) < f.paper)
        p_days.extend(rng.integers(f.days[0], f.days[1] + 1, k))
        p_owner.extend([-1 if f.owner == COMMUNE else dept_index[f.owner]] * k)
    if len(set(p_names)) != n_proc:
        raise RuntimeError("procedure names must be unique")
    proc_p = np.array(p_p) / np.sum(p_p)
    proc_level = np.array(p_level)
    proc_owner = np.array(p_owner)
    procedures = pa.Table.from_arrays([
        pa.array(proc_codes), pa.array(p_names), pa.array(p_fields),
        pa.array([ONLINE_LEVELS[i] for i in p_level]), pa.array(p_fee, pa.bool_()),
        pa.array(p_paper, pa.bool_()),
    ], schema=PROCEDURES_SCHEMA)
    # Some procedures are configured in iGate under the province-suffixed national code.
    suffixed = rng.random(n_proc) < _P_RAW_SUFFIX
    proc_raw = pa.array([f"{c}.000.00.00.{PROVINCE_PORTAL}" if s else c
                         for c, s in zip(proc_codes, suffixed)])

    # Expected online propensity of a dossier, so per-dossier probabilities can be scaled
    # to make the overall online share follow the target curve.
    owner_online = np.where(proc_owner >= 0, unit_online[np.maximum(proc_owner, 0)],
                            commune_p @ unit_online[commune_idx])
    online_norm = float(proc_p @ (_ONLINE_REL[proc_level] * owner_online))

    # ---- before 1 July 2025: the districts and the old communes, each with its successor.
    # They act as the current commune they merged into (same character), so the trend of a
    # current commune crosses the merger without a break once their counts roll up into it.
    districts, old_communes = _load_old_units(list(admin[first_commune:]))
    code_of_ward = {admin[i]: codes[i] for i in range(first_commune, n_units)}
    index_of_code = {c: i for i, c in enumerate(codes)}
    old_rows, copy_from = [], []
    district_code = {}
    for j, (dcode, name, lat, lon, succ) in enumerate(districts):
        code = f"{PROVINCE_PORTAL}.{OLD_DISTRICT_FIRST_SUFFIX + j}"
        district_code[dcode] = code
        old_rows.append((code, name, "district", PROVINCE_PORTAL, dcode, lat, lon, code_of_ward[succ]))
        copy_from.append(index_of_code[code_of_ward[succ]])
    for j, (wcode, name, dcode, lat, lon, succ) in enumerate(old_communes):
        code = f"{PROVINCE_PORTAL}.{OLD_COMMUNE_FIRST_SUFFIX + j}"
        old_rows.append((code, name, "commune", district_code[dcode], wcode, lat, lon, code_of_ward[succ]))
        copy_from.append(index_of_code[code_of_ward[succ]])
    copy_from = np.array(copy_from, np.int64)
    n_old = len(old_rows)
    o_code, o_name, o_kind, o_parent, o_admin, o_lat, o_lon, o_succ = (list(c) for c in zip(*old_rows))
    current_from = [None] * first_commune + [MERGER_DAY] * (n_units - first_commune)
    units = pa.Table.from_arrays([
        pa.array(codes + o_code), pa.array(names + o_name), pa.array(kinds + o_kind),
        pa.array(parent + o_parent, pa.string()), pa.array(admin + o_admin),
        pa.array(lats + [float(x) for x in o_lat]), pa.array(lons + [float(x) for x in o_lon]),
        pa.array(current_from + [None] * n_old, pa.date32()),
        pa.array([None] * n_units + [OLD_LAST_DAY] * n_old, pa.date32()),
        pa.array([None] * n_units + o_succ, pa.string()),
    ], schema=UNITS_SCHEMA)
    unit_late = np.concatenate([unit_late, unit_late[copy_from]])
    unit_online = np.concatenate([unit_online, unit_online[copy_from]])
    unit_digit = np.concatenate([unit_digit, unit_digit[copy_from]])
    unit_apology = np.concatenate([unit_apology, unit_apology[copy_from]])
    # Per current commune, the old communes that merged into it (for dossiers before the merger).
    old_commune_idx = np.arange(n_units + len(districts), n_units + n_old)
    preds = [[k for k in old_commune_idx if copy_from[k - n_units] == i] or [i] for i in range(n_units)]
    width = max(len(p) for p in preds)
    predecessors = np.array([p + [p[k % len(p)] for k in range(width - len(p))] for p in preds], np.int64)
    pred_count = np.array([len(p) for p in preds], np.int64)
    codes = codes + o_code

    prefixes = [f"000.00.{c.split('.', 1)[1]}.{PROVINCE_PORTAL}" if "." in c
                else f"000.00.00.{PROVINCE_PORTAL}" for c in codes]
    return _Registry(
        units=units, procedures=procedures,
        unit_code=units["unit_code"].combine_chunks(),
        unit_name=units["unit_name"].combine_chunks(), unit_prefix=pa.array(prefixes),
        unit_late=unit_late, unit_online=unit_online, unit_digit=unit_digit,
        unit_apology=unit_apology, commune_idx=commune_idx, commune_p=commune_p,
        proc_p=proc_p, proc_owner=proc_owner, proc_level=proc_level,
        proc_fee=np.array(p_fee, bool), proc_days=np.array(p_days, np.int64),
        proc_raw=proc_raw, online_norm=online_norm, predecessors=predecessors, pred_count=pred_count)


# ======================================================================================
# Calendar
# ======================================================================================


@dataclass(frozen=True)
class _Calendar:
    start: dt.date
    days: np.ndarray  # datetime64[D], start .. DEMO_END
    p: np.ndarray  # probability that a dossier is received on each day
    busdays: np.busdaycalendar  # Mon-Fri minus days off
    as_of: int  # epoch seconds of the last second of DEMO_END


def _window_start(months: int) -> dt.date:
    index = DEMO_END.year * 12 + DEMO_END.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


@functools.lru_cache(maxsize=8)
def _calendar(months: int) -> _Calendar:
    start = _window_start(months)
    days = np.arange(np.datetime64(start), np.datetime64(DEMO_END) + 1)
    years = range(start.year - 1, DEMO_END.year + 2)
    off = {dt.date(y, m, d) for y in years for m, d in _FIXED_HOLIDAYS}
    off.update(_HUNG_KINGS)
    for first, last in _TET_HOLIDAYS:
        off.update(first + dt.timedelta(i) for i in range((last - first).days + 1))
    holidays = np.array(sorted(off), dtype="datetime64[D]")

    month = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    w = _WEEKDAY_FACTOR[weekday] * np.vectorize(_MONTH_FACTOR.get)(month)
    w = np.where(np.isin(days, holidays), _HOLIDAY_FACTOR, w)
    for _first, last in _TET_HOLIDAYS:
        after = np.datetime64(last) + 1
        w = np.where((days >= after) & (days < after + _POST_TET_DAYS), w * _POST_TET_FACTOR, w)
    w = w * (1.0 + _YEARLY_GROWTH * (days - days[0]).astype(np.int64) / 365.25)
    return _Calendar(start=start, days=days, p=w / w.sum(),
                     busdays=np.busdaycalendar(holidays=holidays),
                     as_of=(int(days[-1].astype(np.int64)) + 1) * _DAY - 1)


# ======================================================================================
# Dossiers
# ======================================================================================


def _chunk_rng(seed: int, chunk: int) -> np.random.Generator:
    # demo_tables is chunk 0, so an export of up to _EXPORT_CHUNK_ROWS rows holds exactly
    # the dossiers demo_tables would return for the same n and seed.
    return np.random.default_rng([seed, chunk])


def _epoch(days: np.ndarray) -> np.ndarray:
    """Seconds since 1970 at 00:00 of each datetime64[D] day."""
    return days.astype(np.int64) * _DAY


def _office_time(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds after midnight within office hours: 07:30-11:30 or 13:30-17:00."""
    morning = rng.random(n) < 0.55
    return np.where(morning, rng.integers(27_000, 41_400, n), rng.integers(48_600, 61_200, n))


def _timestamps(seconds: np.ndarray, valid: np.ndarray) -> pa.Array:
    return pa.array((seconds * 1_000_000).astype("datetime64[us]"), type=_TS, mask=~valid)


def _dossier_batch(reg: _Registry, cal: _Calendar, n: int, rng: np.random.Generator,
                   seq_base: np.ndarray | None = None) -> pa.Table:
    """n dossiers as a pyarrow Table (DOSSIERS_SCHEMA), all columns drawn at once.

    seq_base, when given, holds the dossiers already numbered per (unit, day) by earlier
    chunks; it keeps dossier codes unique across chunks and is updated in place.
    """
    n_days = len(cal.days)
    bd = cal.busdays
    day = rng.choice(n_days, size=n, p=cal.p)
    t = day / max(n_days - 1, 1)  # 0 at the start of the period, 1 at its end: drives trends
    recv_date = cal.days[day]

    # ---- what and where: procedure, then its agency or one of the communes ----
    proc = rng.choice(len(reg.proc_p), size=n, p=reg.proc_p)
    owner = reg.proc_owner[proc]
    commune = reg.commune_idx[rng.choice(len(reg.commune_idx), size=n, p=reg.commune_p)]
    unit = np.where(owner >= 0, owner, commune)
    # Before the 2025 merger a commune-level dossier went to one of the old communes that formed
    # today's commune: chosen by arithmetic, not the generator, so every other draw stays as it was.
    before = (recv_date < np.datetime64(MERGER_DAY)) & (owner < 0)
    pick = (day * 7919 + np.arange(n) * 104_729) % reg.pred_count[unit]
    unit = np.where(before, reg.predecessors[unit, pick], unit)
    level = reg.proc_level[proc]

    # ---- channel: online share climbs from ~1/3 to ~2/3; postal stays marginal ----
    online_target = 0.34 + 0.42 * t
    p_online = np.minimum(
        0.97, online_target * _ONLINE_REL[level] * reg.unit_online[unit] / reg.online_norm)
    postal = rng.random(n) < _P_POSTAL
    online = ~postal & (rng.random(n) < p_online)
    channel = np.where(postal, 2, np.where(online, 1, 0))

    # ---- receipt: office hours; some online dossiers are accepted in the evening ----
    midnight = _epoch(recv_date)
    received = midnight + _office_time(rng, n)
    evening = online & (rng.random(n) < 0.15)
    received = np.where(evening, midnight + rng.integers(61_200, 81_000, n), received)

    # ---- due date: receipt + processing time in working days (weekends, days off skipped).
    # Most exports carry a bare date (= end of that day); hour-based ones carry a time.
    allowed = reg.proc_days[proc]
    first_bd = np.busday_offset(recv_date, 0, roll="forward", busdaycal=bd)
    due_date = np.busday_offset(first_bd, allowed, roll="forward", busdaycal=bd)
    due_with_time = rng.random(n) < _P_DUE_WITH_TIME
    due_tod = np.clip(received - midnight, 8 * _H, 17 * _H)
    due_at = _epoch(due_date) + np.where(due_with_time, due_tod, 0)
    deadline = np.where(due_with_time, due_at, _epoch(due_date) + _DAY - 1)
    has_due = rng.random(n) >= _P_DUE_MISSING

    # ---- outcome class ----
    u = rng.random(n)
    not_accepted = u < _P_NOT_ACCEPTED
    withdrawn = (u >= _P_NOT_ACCEPTED) & (u < _P_NOT_ACCEPTED + _P_WITHDRAWN)
    stopped = ((u >= _P_NOT_ACCEPTED + _P_WITHDRAWN)
               & (u < _P_NOT_ACCEPTED + _P_WITHDRAWN + _P_STOPPED))
    normal = ~(not_accepted | withdrawn | stopped)

    # ---- end of processing: on time (often early) or a few working days late. Lateness
    # depends on the unit and falls over the period (x1.5 at the start, x0.5 at the end).
    late = normal & (rng.random(n) < reg.unit_late[unit] * (1.5 - t))
    used = np.minimum((rng.beta(2.0, 2.5, n) * (allowed + 1)).astype(np.int64), allowed)
    end_date = np.busday_offset(first_bd, used, busdaycal=bd)
    overrun = rng.geometric(0.3, n)  # working days past the due date, mean ~3
    end_date = np.where(late, np.busday_offset(due_date, overrun, busdaycal=bd), end_date)
    completed = _epoch(end_date) + _office_time(rng, n)
    completed = np.maximum(completed, received + rng.integers(600, 3 * _H, n))
    completed = np.where(late, completed, np.minimum(completed, deadline))

    # ---- still pending at the end of the data: whatever would end after it, plus a few
    # old dossiers stuck waiting for supplements (overdue stragglers) ----
    fee = reg.proc_fee[proc] & (rng.random(n) >= 0.05)  # some payers are exempt
    ends_later = completed > cal.as_of
    straggler = (normal & ~ends_later & (received < cal.as_of - 60 * _DAY)
                 & (rng.random(n) < _P_STRAGGLER))
    pending = (ends_later & ~not_accepted) | straggler

    # ---- result handed back: at once (e-result) or over the next working days ----
    comp_day = (completed // _DAY).astype("datetime64[D]")
    ret_days = rng.choice(4, size=n, p=[0.5, 0.3, 0.15, 0.05])
    returned = _epoch(np.busday_offset(comp_day, ret_days, roll="forward", busdaycal=bd))
    returned = np.maximum(returned + _office_time(rng, n), completed)
    returned = np.where(rng.random(n) < 0.5, completed, returned)

    # ---- status ----
    status = np.full(n, 10, np.int16)
    uncollected = (rng.random(n) < _P_NOT_COLLECTED) | (returned > cal.as_of)
    status[normal & uncollected] = 9
    status[stopped] = 8
    status[withdrawn] = 7
    status[not_accepted] = 3
    v = rng.random(n)
    waiting = np.where(v < 0.70, 4, np.where(v < 0.88, 5, np.where(fee, 6, 4)))
    just_in = received > cal.as_of - 3 * _DAY
    waiting = np.where(just_in & (rng.random(n) < 0.5), 2, waiting)
    waiting = np.where(straggler, np.where(v < 0.6, 5, 4), waiting)
    status = np.where(pending, waiting, status).astype(np.int16)
    status[pending & online & just_in & (rng.random(n) < 0.3)] = 1  # registered, not yet taken in

    has_completed = np.isin(status, (7, 8, 9, 10))
    has_returned = (status == 10) | ((status == 8) & (rng.random(n) < 0.5))
    returned = np.where(status == 8, completed, returned)
    resolved = np.isin(status, (8, 9, 10))

    # ---- quality flags, all improving over the period ----
    ended_late = resolved & has_due & (completed > deadline)
    apology = ended_late & (
        rng.random(n) < np.clip(reg.unit_apology[unit] * (0.45 + 0.30 * t), 0, 0.95))
    digitized = rng.random(n) < np.clip(
        reg.unit_digit[unit] * (0.35 + 0.55 * t) + 0.2 * online, 0, 0.98)
    result_digitized = np.isin(status, (9, 10)) & (
        rng.random(n) < np.clip(reg.unit_digit[unit] * (0.30 + 0.62 * t), 0, 0.97))
    reused = rng.random(n) < np.clip((0.05 + 0.45 * t) * np.where(online, 1.3, 0.8), 0, 0.9)
    paid_online = fee & (status != 3) & (
        rng.random(n) < np.clip((0.08 + 0.60 * t) * np.where(online, 1.35, 0.55), 0, 0.95))
    rated = resolved & (rng.random(n) < _P_RATED)
    rating = rng.choice(np.arange(1.0, 6.0), size=n, p=[0.02, 0.03, 0.08, 0.27, 0.60])
    explicit_level = rng.random(n) < _P_SERVICE_LEVEL

    # ---- dossier code: unit part, receipt date YYMMDD, sequence within unit and day ----
    key = unit * n_days + day
    order = np.lexsort((received, key))
    sorted_key = key[order]
    pos = np.arange(n)
    group_start = np.maximum.accumulate(
        np.where(np.r_[True, sorted_key[1:] != sorted_key[:-1]], pos, 0)) if n else pos
    seq = np.empty(n, np.int64)
    seq[order] = pos - group_start + 1
    if seq_base is not None:
        seq += seq_base[key]
        seq_base += np.bincount(key, minlength=len(seq_base))
    month_start = recv_date.astype("datetime64[M]")
    yymmdd = ((month_start.astype("datetime64[Y]").astype(np.int64) + 1970) % 100 * 10_000
              + (month_start.astype(np.int64) % 12 + 1) * 100
              + (recv_date - month_start).astype(np.int64) + 1)
    unit_idx = pa.array(unit)
    proc_idx = pa.array(proc)
    dossier_code = pc.binary_join_element_wise(
        reg.unit_prefix.take(unit_idx),
        pc.utf8_lpad(pa.array(yymmdd).cast(pa.string()), 6, "0"),
        pc.utf8_lpad(pa.array(seq).cast(pa.string()), 4, "0"), "-")

    procs = reg.procedures
    return pa.Table.from_arrays([
        dossier_code,
        procs["procedure_code"].take(proc_idx).combine_chunks(),
        reg.proc_raw.take(proc_idx),
        procs["procedure_name"].take(proc_idx).combine_chunks(),
        pa.nulls(n, pa.string()),
        procs["field_name"].take(proc_idx).combine_chunks(),
        reg.unit_code.take(unit_idx),
        reg.unit_name.take(unit_idx),
        pa.array(CHANNELS).take(pa.array(channel)),
        pa.array(ONLINE_LEVELS).take(pa.array(level, mask=~explicit_level)),
        _timestamps(received, np.ones(n, bool)),
        _timestamps(due_at, has_due),
        _timestamps(completed, has_completed),
        _timestamps(returned, has_returned),
        pa.array(status, pa.int16()),
        pa.array(digitized), pa.array(result_digitized), pa.array(reused), pa.array(fee),
        pa.array(paid_online), pa.array(apology),
        pa.array(rating, pa.float64(), mask=~rated),
    ], schema=DOSSIERS_SCHEMA)


def _targets(cal: _Calendar) -> pa.Table:
    """Example targets for each year in the data, tightening a little every year."""
    years = list(range(cal.start.year, DEMO_END.year + 1))
    rows = [(metric, year, "all", min(100.0, base + step * (year - _TARGET_BASE_YEAR)))
            for metric, (base, step) in TARGET_DEFAULTS.items() for year in years]
    metric, year, scope, value = zip(*rows)
    return pa.Table.from_arrays([pa.array(metric), pa.array(year, pa.int32()),
                                 pa.array(scope), pa.array(value, pa.float64())],
                                schema=TARGETS_SCHEMA)


def demo_tables(n_dossiers: int = 240_000, seed: int = 2025,
                months: int = 28) -> dict[str, pa.Table]:
    """The demo province's tables: units, procedures, dossiers and targets.

    Same arguments, same tables. Units and procedures never depend on the seed. Dossiers are
    received over the `months` calendar months ending DEMO_END.
    """
    if n_dossiers < 0:
        raise ValueError("n_dossiers must be >= 0")
    if not 1 <= months <= 120:
        raise ValueError("months must be between 1 and 120")
    reg, cal = _registry(), _calendar(months)
    return {
        "units": reg.units,
        "procedures": reg.procedures,
        "dossiers": _dossier_batch(reg, cal, n_dossiers, _chunk_rng(seed, 0)),
        "targets": _targets(cal),
    }


# ======================================================================================
# Export file
# ======================================================================================


def _map_strings(values: pa.Array, mapping: dict[str, str]) -> pa.Array:
    """Replace each value by mapping[value] (values outside the mapping become null)."""
    keys = pa.array(list(mapping))
    return pa.array(list(mapping.values())).take(pc.index_in(values, value_set=keys))


def _export_view(reg: _Registry, d: pa.Table, as_text: bool) -> list[pa.Array]:
    """The export's columns (EXPORT_HEADERS order) for a dossier batch.

    as_text: dates as dd/mm/yyyy strings (CSV); otherwise timestamps (XLSX date cells).
    """
    catalogue_level = reg.procedures["online_level"].take(
        pc.index_in(d["procedure_code"], value_set=reg.procedures["procedure_code"]))
    level = _map_strings(pc.coalesce(d["service_level"], catalogue_level), _EXPORT_LEVEL)

    def when(col: str, date_only_at_midnight: bool = False):
        ts = d[col].combine_chunks()
        if not as_text:
            return ts
        secs = ts.cast(pa.timestamp("s"))  # %S of a [us] timestamp would print fractions
        text = pc.strftime(secs, _DATETIME_FMT)
        if date_only_at_midnight:
            at_midnight = pc.equal(secs, pc.floor_temporal(secs, unit="day"))
            text = pc.if_else(at_midnight, pc.strftime(secs, _DATE_FMT), text)
        return text.fill_null("")

    def yes_no(col: str):
        return pc.if_else(d[col], "Có", "Không").combine_chunks()

    return [
        d["dossier_code"], d["procedure_code_raw"], d["procedure_name"], d["field_name"],
        d["unit_code"], d["unit_name"], _map_strings(d["channel"].combine_chunks(), _EXPORT_CHANNEL),
        level.fill_null(""), when("received_at"), when("due_at", date_only_at_midnight=True),
        when("completed_at"), when("returned_at"),
        d["status"].combine_chunks(),
        yes_no("digitized"), yes_no("result_digitized"), yes_no("reused"),
        yes_no("fee_required"), pc.if_else(d["paid_online"], 1, 0).cast(pa.int8()).combine_chunks(), yes_no("apology"),
    ]


def _export_batches(n: int, seed: int, months: int = 28):
    """Dossier batches of at most _EXPORT_CHUNK_ROWS rows, with codes unique across them."""
    reg, cal = _registry(), _calendar(months)
    seq_base = np.zeros(reg.units.num_rows * len(cal.days), np.int64)
    for chunk, first in enumerate(range(0, n, _EXPORT_CHUNK_ROWS)):
        size = min(_EXPORT_CHUNK_ROWS, n - first)
        yield _dossier_batch(reg, cal, size, _chunk_rng(seed, chunk), seq_base)


def _title_lines(months: int = 28) -> list[str]:
    start = _window_start(months)
    return [
        f"UBND TỈNH {PROVINCE_NAME.upper()}",
        f"BÁO CÁO CHI TIẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH TỪ NGÀY {start:%d/%m/%Y} "
        f"ĐẾN NGÀY {DEMO_END:%d/%m/%Y}",
    ]


def _footer_cells(n: int) -> tuple[list[str], list[str]]:
    width = len(EXPORT_HEADERS)
    totals = [f"Tổng cộng: {n:,} hồ sơ".replace(",", ".")] + [""] * (width - 1)
    signature = [""] * width
    signature[1], signature[12] = "Người lập biểu", "Thủ trưởng đơn vị"
    return totals, signature


def _write_csv(path, n: int, seed: int, messy: bool) -> None:
    import pyarrow.csv as pacsv

    reg = _registry()
    width = len(EXPORT_HEADERS)
    pad = "," * (width - 1)  # spreadsheet-made CSVs pad every line to the full width
    numeric = {"Trạng thái": pa.int16(), "Thanh toán trực tuyến": pa.int8()}
    schema = pa.schema([(h, numeric.get(h, pa.string())) for h in EXPORT_HEADERS])
    options = pacsv.WriteOptions(include_header=False, quoting_style="needed")
    with open(path, "wb") as out:
        if messy:
            out.write("\ufeff".encode("utf-8"))  # Excel-style BOM
            out.write("".join(f"{line}{pad}\n" for line in _title_lines()).encode("utf-8"))
            out.write(b"\n")
        out.write((",".join(EXPORT_HEADERS) + "\n").encode("utf-8"))
        writer = pacsv.CSVWriter(out, schema, write_options=options)
        for batch in _export_batches(n, seed):
            writer.write_table(pa.Table.from_arrays(_export_view(reg, batch, True), schema=schema))
        writer.close()
        if messy:
            totals, signature = _footer_cells(n)
            out.write((",".join(totals) + "\n\n" + ",".join(signature) + "\n").encode("utf-8"))


def _write_xlsx(path, n: int, seed: int, messy: bool) -> None:
    from openpyxl import Workbook

    if n + 8 > 1_048_576:
        raise ValueError("an XLSX sheet holds at most 1,048,576 rows; use fmt='csv'")
    reg = _registry()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách hồ sơ")
    if messy:
        for line in _title_lines():
            ws.append([line])
        ws.append([])
    ws.append(EXPORT_HEADERS)
    for batch in _export_batches(n, seed):
        view = pa.Table.from_arrays(_export_view(reg, batch, False), names=EXPORT_HEADERS)
        for rb in view.to_batches(max_chunksize=20_000):  # bounded Python objects at a time
            for row in zip(*(col.to_pylist() for col in rb.columns)):
                ws.append(row)
    if messy:
        totals, signature = _footer_cells(n)
        ws.append(totals)
        ws.append([])
        ws.append(signature)
    wb.save(path)


def write_dossier_export(path, n_dossiers: int, seed: int = 7, messy: bool = True,
                         fmt: str = "csv") -> None:
    """Write n_dossiers dossiers as the province's dossier system would export them.

    CSV (UTF-8) or XLSX with Vietnamese headers (EXPORT_HEADERS), dates dd/mm/yyyy HH:MM:SS
    (due dates dd/mm/yyyy), Có/Không flags, channel and service level in words, status as
    its national code. messy=True adds what real exports carry: a BOM, two title lines and
    a blank line above the header, a totals line and a signature line below the data.
    Unit and procedure codes are those of demo_tables(). Rows are generated and written in
    chunks, so memory stays flat however many rows are asked for.
    """
    if n_dossiers < 0:
        raise ValueError("n_dossiers must be >= 0")
    fmt = fmt.lower()
    if fmt == "csv":
        _write_csv(os.fspath(path), n_dossiers, seed, messy)
    elif fmt == "xlsx":
        _write_xlsx(os.fspath(path), n_dossiers, seed, messy)
    else:
        raise ValueError(f"unknown export format {fmt!r}: use 'csv' or 'xlsx'")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.generate",
        description="Write a demo dossier export (iGate-style) for the demo province.")
    parser.add_argument("--export", required=True, metavar="FILE", help="file to write")
    parser.add_argument("--n", type=int, default=10_000, help="number of dossiers")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clean", action="store_true",
                        help="header on the first line, no title, totals or signature lines")
    parser.add_argument("--format", choices=("csv", "xlsx"),
                        help="default: from the file's extension, else csv")
    args = parser.parse_args(argv)
    fmt = args.format or ("xlsx" if args.export.lower().endswith(".xlsx") else "csv")
    write_dossier_export(args.export, args.n, seed=args.seed, messy=not args.clean, fmt=fmt)
    print(f"{args.n} dossiers written to {args.export}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())


# ======================================================================================
# Scores: PAR (provincial CCHC index) and the national portal's QĐ 766 groups
# ======================================================================================

# The PAR criteria: area code, name, and its leaves (code suffix, name, maximum points); 100 in all.
PAR_CRITERIA = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", [
        ("1", "Kế hoạch cải cách hành chính năm", 3), ("2", "Báo cáo cải cách hành chính", 2),
        ("3", "Kiểm tra công tác cải cách hành chính", 2), ("4", "Thông tin, tuyên truyền cải cách hành chính", 3)]),
    ("2", "Cải cách thể chế", [
        ("1", "Xây dựng, ban hành văn bản quy phạm pháp luật", 4),
        ("2", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật", 3),
        ("3", "Kiểm tra, xử lý văn bản quy phạm pháp luật", 3)]),
    ("3", "Cải cách thủ tục hành chính", [
        ("1", "Công khai thủ tục hành chính", 4), ("2", "Thực hiện cơ chế một cửa, một cửa liên thông", 6),
        ("3", "Kết quả giải quyết thủ tục hành chính đúng hạn", 6)]),
    ("4", "Cải cách tổ chức bộ máy hành chính nhà nước", [
        ("1", "Sắp xếp tổ chức bộ máy", 5), ("2", "Quản lý biên chế", 5)]),
    ("5", "Cải cách chế độ công vụ", [
        ("1", "Vị trí việc làm", 4), ("2", "Tuyển dụng, sử dụng công chức, viên chức", 4),
        ("3", "Kỷ luật, kỷ cương hành chính", 4)]),
    ("6", "Cải cách tài chính công", [("1", "Quản lý, sử dụng ngân sách", 5), ("2", "Tự chủ tài chính", 5)]),
    ("7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", [
        ("1", "Hạ tầng, nền tảng số", 5), ("2", "Cung cấp dịch vụ công trực tuyến", 8),
        ("3", "Số hóa hồ sơ, kết quả giải quyết TTHC", 7)]),
    ("8", "Tác động của cải cách hành chính", [
        ("1", "Mức độ hài lòng của người dân, doanh nghiệp", 6), ("2", "Tác động đến phát triển kinh tế - xã hội", 6)]),
]
PAR_YEARS = (2024, 2025)  # 2024 scored the units of the time (old communes, districts); 2025 the current ones
PORTAL766_MONTHS = 6  # monthly QĐ 766 scores for the last months of the data
PAR_SCHEMA = pa.schema([
    ("year", pa.int32()), ("unit_code", pa.string()), ("unit_name", pa.string()),
    ("criterion_code", pa.string()), ("criterion_name", pa.string()), ("max_points", pa.float64()),
    ("self_points", pa.float64()), ("final_points", pa.float64()), ("is_leaf", pa.bool_()),
])
PORTAL766_SCHEMA = pa.schema([
    ("period", pa.string()), ("group_code", pa.string()), ("unit_code", pa.string()),
    ("unit_name", pa.string()), ("level", pa.string()), ("is_province", pa.bool_()),
    ("score", pa.float64()), ("max_score", pa.float64()), ("ratio", pa.float64()),
])
# Groups the demo generates from each unit's character; progress comes from the dossiers (load.py).
PORTAL766_GENERATED = {"transparency": 18, "online": 12, "digitization": 22, "satisfaction": 18, "payment": 10}


def _quarter_points(x: np.ndarray) -> np.ndarray:
    return np.round(x * 4) / 4


def demo_par_scores() -> pa.Table:
    """PAR scores for PAR_YEARS: the units of each year, parent rows equal to their leaves' sums.
    Units that are punctual and digitise more score higher; self-assessment runs a little high."""
    reg = _registry()
    rng = np.random.default_rng([_REGISTRY_SEED, 766])
    u = reg.units.to_pydict()
    quality = np.clip(0.93 - 4.0 * reg.unit_late + 0.1 * (reg.unit_digit - 1.0), 0.45, 0.99)
    rows = []
    for year in PAR_YEARS:
        for i, code in enumerate(u["unit_code"]):
            kind, valid_to, valid_from = u["kind"][i], u["valid_to"][i], u["valid_from"][i]
            if kind not in ("department", "commune", "district"):
                continue
            if (valid_to is not None and valid_to.year < year) or (valid_from is not None and valid_from.year > year):
                continue
            if year >= MERGER_DAY.year + 1 and valid_to is not None:
                continue
            if year == MERGER_DAY.year and valid_to is not None:
                continue  # 2025 was assessed on the units that exist at year end
            if year < MERGER_DAY.year and valid_from is not None:
                continue
            q = quality[i] + (year - PAR_YEARS[0]) * 0.015
            for area, area_name, leaves in PAR_CRITERIA:
                maxes = np.array([m for _c, _n, m in leaves], float)
                final = _quarter_points(np.clip(maxes * (q + rng.normal(0, 0.08, len(leaves))), 0, maxes))
                self_ = _quarter_points(np.clip(final + maxes * rng.uniform(0, 0.12, len(leaves)), 0, maxes))
                name = u["unit_name"][i]
                rows.append((year, code, name, area, area_name, float(maxes.sum()), float(self_.sum()),
                             float(final.sum()), False))
                for (suffix, leaf_name, _m), m, s, f in zip(leaves, maxes, self_, final):
                    rows.append((year, code, name, f"{area}.{suffix}", leaf_name, float(m), float(s), float(f), True))
    return pa.Table.from_pylist([dict(zip(PAR_SCHEMA.names, r)) for r in rows], schema=PAR_SCHEMA)


def portal766_months(months: int = PORTAL766_MONTHS) -> list[str]:
    """The last `months` months of the demo data as YYYY-MM, oldest first."""
    out, y, m = [], DEMO_END.year, DEMO_END.month
    for _ in range(months):
        out.append(f"{y}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def demo_portal766_scores() -> pa.Table:
    """The QĐ 766 groups the portal would publish for the last months, except progress (see load.py):
    each unit's level follows its character, improving a little month by month, with noise."""
    reg = _registry()
    rng = np.random.default_rng([_REGISTRY_SEED, 767])
    u = reg.units.to_pydict()
    rows = []
    current = [i for i, k in enumerate(u["kind"]) if k in ("province", "department", "commune")
               and u["valid_to"][i] is None]
    base = {g: np.clip(rng.normal(0.78, 0.08, len(u["unit_code"])), 0.4, 0.98) for g in PORTAL766_GENERATED}
    base["online"] = np.clip(base["online"] * reg.unit_online ** 0.5, 0.3, 0.99)
    base["digitization"] = np.clip(base["digitization"] * reg.unit_digit - 0.1, 0.2, 0.98)
    for t, period in enumerate(portal766_months()):
        for group, maximum in PORTAL766_GENERATED.items():
            for i in current:
                level = base[group][i] + 0.01 * t + rng.normal(0, 0.03)
                score = round(float(np.clip(level, 0, 1) * maximum), 2)
                is_prov = u["kind"][i] == "province"
                rows.append((period, group, u["unit_code"][i], u["unit_name"][i],
                             "COMMUNE" if u["kind"][i] == "commune" else "PROVINCE", is_prov, score,
                             float(maximum), round(100 * score / maximum, 2)))
    return pa.Table.from_pylist([dict(zip(PORTAL766_SCHEMA.names, r)) for r in rows], schema=PORTAL766_SCHEMA)
