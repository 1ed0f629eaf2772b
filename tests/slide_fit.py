"""What a slide of presentation mode must keep to, measured in the browser: shared by
tests/test_browser_slides_fit.py (the Vietnamese show) and tests/test_briefing_national.py
(the national slide in English)."""

NUMBERS = ".tile .value, .tile .meta, td.num, td.num b, td.num .max, .summary, .big-note"
# The 1080-line stage reports/present.py lays slides out on.
STAGE = (1920, 1080)

MEASURE = r"""
([numbers, stageW, stageH]) => {
  const W = innerWidth, H = innerHeight, scale = Math.min(W / stageW, H / stageH);
  const slide = document.querySelector('.slide.on');
  const footer = document.querySelector('footer').getBoundingClientRect();
  const bar = document.querySelector('.progress').getBoundingClientRect();
  const s = slide.getBoundingClientRect();
  // the slide's room: the screen above the progress bar, which sits on the footer
  const room = {left: 0, top: 0, right: W, bottom: Math.min(bar.top, footer.top)};
  const bad = [];
  const margin = {left: 1e9, right: 1e9, top: 1e9, bottom: 1e9};  // of what is drawn, to the room's edges
  const name = el => el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined && el.className
                     ? '.' + String(el.className).trim().split(/\s+/).join('.') : '');
  const inside = (r, box, what, slack = 0.5) => {
    if (r.width === 0 && r.height === 0) return;
    const m = {left: r.left - box.left, right: box.right - r.right, top: r.top - box.top, bottom: box.bottom - r.bottom};
    if (Object.values(m).some(v => v < -slack)) bad.push(what + ' ' + JSON.stringify(
      Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v)]))));
    return m;
  };
  const drawn = (r, what) => {
    const m = inside(r, room, what);
    if (m) for (const k in margin) margin[k] = Math.min(margin[k], m[k]);
  };
  if (s.bottom > room.bottom + 0.5) bad.push('the slide runs under the progress bar or footer');
  // every element, boxes included (a table row under the footer is a row under the footer)
  for (const el of slide.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!el.children.length || el.tagName === 'TR' || el.tagName === 'svg') drawn(r, name(el));
    else inside(r, room, name(el));
  }
  // every piece of text, where it is drawn: inside the room, and not cut off by a tile or a column
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    if (!n.textContent.trim()) continue;
    if (n.parentElement.closest('svg')) continue;  // a chart's text: its element's box is measured above
    const clamp = n.parentElement.closest('.clamp');  // a name cut at two lines with "…": its box is what shows
    if (clamp) { inside(clamp.getBoundingClientRect(), clamp.closest('td').getBoundingClientRect(), 'name box'); continue; }
    const range = document.createRange();
    range.selectNodeContents(n);
    const text = '"' + n.textContent.trim().slice(0, 40) + '"';
    for (const r of range.getClientRects()) {
      drawn(r, 'text ' + text);
      const box = n.parentElement.closest('.tile, .col, td, th');
      if (box && !n.parentElement.closest('svg')) inside(r, box.getBoundingClientRect(), 'text ' + text + ' leaves its ' + name(box), 1);
    }
  }
  // the 48 px rule, for every number on the slide
  const small = [];
  for (const el of slide.querySelectorAll(numbers)) {
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < 48 * scale - 0.01) small.push(name(el) + ' "' + el.textContent.trim().slice(0, 20) + '" ' + px.toFixed(1) + 'px');
  }
  // the footer: on the screen, its parts apart (the province and period, the pause note, the counter)
  const parts = Array.from(document.querySelectorAll('footer > *')).map(e => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.width > 0);
  for (const [e, r] of parts) inside(r, {left: 0, top: footer.top, right: W, bottom: H}, 'footer ' + (e.id || 'text'));
  for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
    const a = parts[i][1], b = parts[j][1];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) bad.push('footer parts overlap');
  }
  return {kind: slide.dataset.kind, title: (slide.querySelector('h1') || {}).textContent || '',
          margin: Object.fromEntries(Object.entries(margin).map(([k, v]) => [k, Math.round(v)])),
          bad: bad.slice(0, 6), small: small.slice(0, 6),
          counter: document.getElementById('counter').textContent,
          paused: document.getElementById('state').textContent};
}
"""
