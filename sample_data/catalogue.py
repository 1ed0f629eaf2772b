"""The demo province's agencies and its procedure catalogue.

`DEPARTMENTS` are the provincial agencies that handle dossiers, each with the share of its
dossiers that end late; `FIELDS` is the catalogue: each lĩnh vực with its owner (an agency or
every commune), its share of all dossiers, processing times, fees, online levels and the names of
its procedures. Plain data: registry.py draws codes and per-procedure values from it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

PROVINCE_NAME = "Khánh Hòa"  # here, not in registry.py: an agency's name carries it

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
ONLINE_PROPENSITY = np.array([1.0, 0.85, 0.0])  # relative online propensity: full, partial, none


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
