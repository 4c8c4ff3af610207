"""Generate samples/2021-06-15-lake-chad-monitoring-note.pdf, the bundled sample PDF.

Why a script: the PDF is committed under samples/, and anyone who changes its text must be
able to rebuild it byte for byte. Run it from the repository root:

    .venv/bin/python tools/make_sample_pdf.py

What the PDF is for: it exercises the PDF side of the ingest cleaner, so it carries what
real monitoring reports carry and the cleaner must remove or repair:

* a running header and a running footer on every page, and a "Page N of M" line;
* words hyphenated across line breaks ("con-/tinued", "organ-/isation"), placed by a
  small line breaker below with hand-written hyphenation points, so they fall where a
  typesetter would put them rather than being typed into the text;
* breaks after the hyphen of an Arabic article ("al-/Barnawi"), where the hyphen is real
  and must survive.

The text is factual, written for the project, and summarises the public sources listed in
the sidecar samples/2021-06-15-lake-chad-monitoring-note.meta.json.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "samples" / "2021-06-15-lake-chad-monitoring-note.pdf"

HEADER = "watchfloor sample desk  |  Lake Chad Basin monitoring note LC-2021/06"
FOOTER = "Sample document written for the watchfloor project; not an official publication."
TITLE = (
    "The death of Abubakar Shekau and the balance of power between JAS and ISWAP "
    "in the Lake Chad Basin"
)
DATELINE = "Monitoring note LC-2021/06  -  15 June 2021"

# Hyphenation points for the lowercase words the line breaker may split, as a typesetter's
# dictionary would give them. Only these words (and "al-" names) are ever split.
HYPHENATION = {
    word.replace("-", ""): word
    for word in [
        "con-tin-ued",
        "or-gan-isa-tion",
        "in-sur-gency",
        "ne-go-ti-ations",
        "neigh-bouring",
        "com-man-ders",
        "lead-er-ship",
        "al-le-giance",
        "ab-ducted",
        "con-firmed",
        "strong-holds",
        "gover-nor",
        "domi-nant",
        "dis-placed",
        "deto-nating",
        "re-cord-ing",
        "re-sponsible",
        "con-trolled",
        "secon-dary",
        "inter-national",
        "gov-ern-ment",
        "fol-lowers",
        "evi-dence",
        "repeat-edly",
        "recog-nised",
        "oppo-nent",
        "re-appeared",
        "in-dependently",
        "ac-cording",
        "at-tributed",
        "po-sitions",
        "au-thorities",
        "iden-tified",
        "explo-sives",
        "fa-miliar",
        "re-ported",
        "de-clared",
        "mili-tary",
        "move-ment",
        "cus-tody",
        "up-rising",
        "re-named",
        "ar-range-ment",
        "re-port-edly",
        "fac-tion",
        "dis-sidents",
        "ob-jected",
        "civil-ians",
        "treat-ment",
        "world-wide",
        "fol-low-ing",
        "bro-kered",
        "es-caped",
        "res-cued",
        "be-lieved",
        "esti-mated",
        "disci-plined",
        "ana-lysts",
        "else-where",
        "ban-ditry",
        "north-ern",
        "dan-gerous",
        "uni-fied",
        "mes-sage",
        "over-ran",
        "ji-hadist",
        "warrant-ed",
        "in-vestigating",
    ]
}

# The note: (heading or None, paragraph text). Written for the project; facts and
# attributions follow the sources named in the sidecar.
SECTIONS: list[tuple[str | None, str]] = [
    (
        "1. Summary",
        "Abubakar Shekau, the leader of Jama'atu Ahlis Sunna Lidda'awati wal-Jihad (JAS), "
        "the faction most people still call Boko Haram, is dead, according to an audio "
        "message attributed to the leader of the rival Islamic State West Africa Province "
        "(ISWAP). Reports of his death first circulated in Nigerian media on 20 May, after "
        "ISWAP fighters overran his positions in the Sambisa Forest in Borno State, "
        "north-east Nigeria. Neither JAS nor the Nigerian authorities have confirmed the "
        "death. If it is confirmed, ISWAP becomes the dominant jihadist force in the Lake "
        "Chad Basin, where Nigeria, Niger, Chad and Cameroon meet.",
    ),
    (
        "2. How he died",
        "In the recording, heard by Reuters and by the Nigerian outlet HumAngle in early "
        "June, a voice identified as that of ISWAP's leader, Abu Musab al-Barnawi, says that "
        "ISWAP fighters hunted Shekau down on the orders of the Islamic State's leadership "
        "and offered him the chance to repent and join them. Shekau refused and killed "
        "himself by detonating explosives. The accounts of the recording differ on the "
        "date: Reuters reported that the speaker placed the death on or about 18 May, while "
        "HumAngle dated it to Wednesday 19 May. Two people familiar with al-Barnawi's voice "
        "told Reuters that it was his. The Nigerian army said last month that it was "
        "investigating the reports and would not comment until it had firm evidence. "
        "Caution is warranted: Shekau has been declared dead several times before, most "
        "often by the Nigerian military, and has repeatedly reappeared in videos.",
    ),
    (
        "3. One movement, two factions",
        "The movement was founded in Maiduguri in the early 2000s by the preacher Mohammed "
        "Yusuf, who died in police custody in July 2009 after an uprising by his followers "
        "was crushed. Shekau, his deputy, took over and turned the sect into an insurgency "
        "that spread across north-east Nigeria and into the neighbouring countries. In March "
        "2015 Shekau pledged allegiance to Abu Bakr al-Baghdadi, and the group was renamed "
        "the Islamic State's West Africa Province. The arrangement did not last. In August "
        "2016 the Islamic State recognised Abu Musab al-Barnawi, reportedly a son of "
        "Mohammed Yusuf, as the province's new governor. Shekau rejected him and "
        "continued to lead his own faction under the old name, JAS, while ISWAP built its "
        "base on the islands and shores of Lake Chad. The split was about methods as much as "
        "leadership: the dissidents objected to Shekau's killing of Muslim civilians and to "
        "his treatment of people in the areas he controlled.",
    ),
    (
        "4. The Chibok abduction",
        "Shekau's faction is responsible for the crime that made Boko Haram known "
        "worldwide. On the night of 14 to 15 April 2014 its fighters abducted 276 girls from "
        "the Government Girls Secondary School in Chibok, Borno State. Fifty-seven escaped "
        "in the following months. Twenty-one were freed in October 2016 and 82 in May 2017 "
        "after negotiations between the Nigerian government and the group, brokered by the "
        "International Committee of the Red Cross and the Swiss government. Others escaped "
        "or were rescued later, but more than 100 of the girls are still believed to be "
        "missing.",
    ),
    (
        "5. Outlook",
        "The insurgency is estimated to have killed more than 30,000 people and displaced "
        "about two million since 2009. Shekau's death could end the feud between the "
        "factions and allow ISWAP, a more disciplined organisation with closer links to the "
        "Islamic State, to absorb many of his fighters and take over his former strongholds. "
        "Analysts such as Bulama Bukarti of the Tony Blair Institute for Global Change "
        "expect ISWAP to try to win over Shekau's commanders and fighters. Not all will "
        "follow: hundreds of fighters loyal to Shekau are thought to remain active on the "
        "Lake Chad islands under a commander known as Bakura, and some have already clashed "
        "with ISWAP. Smaller groups may drift into banditry elsewhere in northern Nigeria. "
        "For the Multinational Joint Task Force, made up of troops from the four lake states "
        "and Benin, a more unified ISWAP would be a more dangerous opponent.",
    ),
]

FONT = "Helvetica"
BODY_SIZE = 12
LINE_H = 6.2


class MonitoringNote(FPDF):
    """An A4 page with the running header and footer every page of the note carries."""

    def header(self) -> None:
        self.set_font(FONT, "I", 8.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, HEADER, new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(160, 160, 160)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(7)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-20)
        self.set_font(FONT, "I", 8.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, FOOTER, align="C", new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _split_points(word: str) -> list[tuple[str, str]]:
    """Ways to split ``word`` at a line end, longest first part first: (head, tail) where
    head is printed with its hyphen. Lowercase dictionary words split at their marked
    points; "al-Name" splits after the article's own hyphen. Punctuation stays attached."""
    core = word.strip(".,;:()'\"")
    lead = word[: word.index(core)] if core else ""
    trail = word[len(lead) + len(core) :]
    splits: list[tuple[str, str]] = []
    marked = HYPHENATION.get(core)
    if marked:
        parts = marked.split("-")
        for i in range(len(parts) - 1, 0, -1):
            head = "".join(parts[:i])
            splits.append((lead + head + "-", "".join(parts[i:]) + trail))
    elif core.startswith("al-") and core[3:4].isupper():
        splits.append((lead + "al-", core[3:] + trail))
    return splits


def wrap(pdf: FPDF, text: str, width: float) -> tuple[list[str], list[str]]:
    """Greedy line breaking with hyphenation: lines, and the words split across lines."""
    lines: list[str] = []
    split_words: list[str] = []
    current = ""
    words = text.split()
    i = 0
    while i < len(words):
        word = words[i]
        candidate = f"{current} {word}" if current else word
        if pdf.get_string_width(candidate) <= width:
            current = candidate
            i += 1
            continue
        for head, tail in _split_points(word):
            trial = f"{current} {head}" if current else head
            if pdf.get_string_width(trial) <= width:
                lines.append(trial)
                split_words.append(f"{head}/{tail}")
                words[i] = tail
                current = ""
                break
        else:
            lines.append(current)
            current = ""
    if current:
        lines.append(current)
    return lines, split_words


def build() -> tuple[bytes, list[str]]:
    pdf = MonitoringNote(format="A4")
    pdf.set_margins(25, 18, 25)
    pdf.set_auto_page_break(True, margin=26)
    pdf.set_title("Lake Chad Basin monitoring note LC-2021/06")
    pdf.set_author("watchfloor sample desk")
    pdf.set_creator("tools/make_sample_pdf.py")
    pdf.set_creation_date(datetime(2021, 6, 15, 9, 0, tzinfo=UTC))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 7.5, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "", 10)
    pdf.cell(0, 6, DATELINE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    all_splits: list[str] = []
    for heading, paragraph in SECTIONS:
        if heading:
            pdf.set_font(FONT, "B", BODY_SIZE)
            pdf.cell(0, LINE_H + 1, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", BODY_SIZE)
        lines, splits = wrap(pdf, paragraph, width)
        all_splits += splits
        for line in lines:
            pdf.cell(0, LINE_H, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output()), all_splits


def main() -> int:
    data, splits = build()
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(REPO)} ({len(data)} bytes)")
    print(f"words split across lines ({len(splits)}): {', '.join(splits)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
