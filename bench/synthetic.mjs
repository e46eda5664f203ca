/**
 * Synthetic reports for the benchmark: a title slide, then content slides of
 * a title and 5 Vietnamese bullets (or `points`), with a bar chart instead on
 * every 5th slide, then the closing slide. Seeded, so every run builds the
 * same data.
 *
 * A report may count at most 50.000 slides, as if every bullet could end on a
 * slide of its own (src/validate/budget.ts): with 5 bullets a slide that is
 * about 11.900 slides; `budgetSlides` says what a report counts.
 */
import { stringify } from 'yaml';

const WORDS = (
  'chuyển đổi số hạ tầng viễn thông băng rộng dịch vụ công trực tuyến nền tảng dữ liệu an toàn ' +
  'thông tin mạng lưới bưu chính doanh nghiệp công nghệ người dân địa phương điện toán đám mây ' +
  'phát triển kinh tế chính quyền ứng dụng sản phẩm nội địa truyền thông báo chí'
).split(' ');

/** A small deterministic generator (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(next, min, max) {
  const n = min + Math.floor(next() * (max - min + 1));
  const words = Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]);
  const text = words.join(' ');
  return text[0].toUpperCase() + text.slice(1);
}

/** What the report of `slides` slides with `points` bullets counts against the 20.000-slide limit. */
export function budgetSlides(slides, points = 5) {
  const content = Math.max(1, slides - 2);
  const charts = Math.floor(content / 5);
  return 2 + charts + (content - charts) * points;
}

/** The most slides a report may count (MAX_COUNTED_SLIDES in src/validate/budget.ts). */
export const MAX_BUDGET_SLIDES = 50_000;

/** Report data of `slides` slides (title + content + closing), as an object for YAML. */
export function syntheticReport(slides, points = 5) {
  const next = random(slides);
  const content = Math.max(1, slides - 2);
  const sections = [];
  for (let i = 1; i <= content; i++) {
    const title = `Phần ${i}: ${sentence(next, 3, 6)}`;
    const notes = `${sentence(next, 12, 20)}. ${sentence(next, 12, 20)}.`;
    const section = { title, agenda: false, divider: false, notes };
    if (i % 5 === 0) {
      const categories = ['Quý I', 'Quý II', 'Quý III', 'Quý IV'];
      section.charts = [
        {
          type: 'bar',
          title: `Chỉ tiêu ${i} theo quý (%)`,
          unit: '%',
          categories,
          series: [{ name: 'Tỷ lệ hoàn thành', values: categories.map(() => Math.round(next() * 1000) / 10) }],
        },
      ];
    } else {
      section.points = Array.from({ length: points }, () => sentence(next, 8, 14));
    }
    sections.push(section);
  }
  return {
    locale: 'vi',
    meeting: {
      title: `Báo cáo tổng hợp ${slides} trang`,
      organiser: 'Bộ Thông tin và Truyền thông',
      organiserShort: 'Bộ TT&TT',
      place: 'Hà Nội',
      date: '2020-07-06',
      notes: sentence(next, 20, 30),
    },
    sections,
    closing: { message: 'Xin cảm ơn!', notes: sentence(next, 10, 15) },
  };
}

export function syntheticYaml(slides, points = 5) {
  return `# yaml-language-server: $schema=../schema/report.schema.json\n${stringify(syntheticReport(slides, points), { lineWidth: 0 })}`;
}
