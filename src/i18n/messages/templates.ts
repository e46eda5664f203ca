/**
 * Messages about themes, outlines, locales' words and layouts' attribute
 * values: what a theme folder may hold so that every deck it gives is valid.
 * English is the reference; `vi` has the same keys and placeholders.
 */
import type { Translation } from './translation.js';

export const en = {
  // theme.yaml values
  'theme.out-of-range': '{value} is out of range: use {min} to {max} {unit}',
  'theme.unit.pt': 'points',
  'theme.unit.in': 'inches',
  'theme.unit.times': 'times the font size',
  'theme.slide-size.hint': 'a PowerPoint slide is 1 to 56 inches a side; 16:9 is 13.333 × 7.5',
  'theme.font-size.hint': 'text is 1 to 400 pt here (PowerPoint stops at 4000 pt); 12 to 40 reads well on a slide',
  'theme.line-spacing.hint': '1 is single spacing, 1.5 one and a half lines',
  'theme.length.hint': 'see "Changing the theme" in README.md for the bounds of each value',
  'theme.font-name': 'the font name {name} holds {char}, which a font name cannot hold',
  'theme.font-name-length': 'a font name has 1 to {max} characters, this one {count}',
  'theme.font-name.hint': 'write the family name as Windows lists it, e.g. Arial',
  'theme.region-too-wide': 'the region ends {end} inches from the left edge, past the slide\'s width of {width} inches',
  'theme.region-too-tall': 'the region ends {end} inches from the top, past the slide\'s height of {height} inches',
  'theme.region.hint': 'keep x + w within the slide\'s width and y + h within its height (size in theme.yaml)',
  'theme.empty-region': 'a region needs a width and a height above 0',
  'theme.colour-reference': 'unknown colour "{value}"',
  'theme.unknown-master': 'masterPictures: "{name}" is not a master of the theme',
  'theme.unknown-region': 'masterPictures: "{name}" is not a region of the theme',

  // outline.yaml steps
  'outline.unknown-field': '{key}: "{name}" is not a field of {scope}',
  'outline.scope.section': 'a section',
  'outline.scope.report': 'the report (opening and closing steps show meeting, agenda or closing)',
  'outline.not-yes-no': 'when: "{name}" is not a yes/no field, so the slide would never appear',
  'outline.when.hint': 'when needs a yes/no field: {allowed}',
  'outline.no-yes-no': 'when: "{name}" cannot be tested: opening and closing steps have no yes/no field',
  'outline.no-yes-no.hint': 'remove when, or move the step to the section steps (divider, agenda)',

  // words of the locales ({{t "word"}})
  'locale.word-missing': 'the word "{word}" is missing from words: {layout} uses it at line {line}',
  'locale.word-missing.hint': 'add it under words, as {locales} has it',
  'template.unknown-word.hint': 'use a word of the locale, or add the word to the words of every locale file',
  'template.not-an-object': 'the layout looks up "{name}" in {found}, which has no fields: the data here is not what the layout expects',
  'template.not-an-object.hint': 'check the field the outline step gives this layout (from), or guard the lookup with {{#if}}',

  // layouts' attribute values
  'markup.length-range': '{attr}="{value}" is out of range: lengths go from 0 to {max} inches, or 0% to 100%',
  'markup.not-a-count': '{attr}="{value}" is not a whole number from {min} to {max}',
  'markup.count.hint': 'write a whole number, e.g. maxColumns="3"',
  'markup.not-allowed': '{attr}="{value}" is not allowed here',
  'markup.outside-slide': '<{name}> falls outside the slide: {x}, {y} inches, {w} × {h} inches on a {width} × {height} inch slide',
  'markup.outside-slide.hint': 'check its x, y, w, h, right and bottom (and padding or gap around it), or the region it names',

  // the markup's vocabulary (src/render/vocabulary.ts)
  'markup.unknown-element.hint': 'inside <{parent}> use {allowed}',
  'markup.nothing-inside.hint': '<{parent}> holds no elements, only text',
  'markup.unknown-attribute': '<{name}> has no attribute "{attr}"',
  'markup.attributes.hint': '<{name}> takes {allowed}',
  'markup.no-attributes.hint': '<{name}> takes no attributes',
  'markup.attribute-elsewhere.hint': '{attr} belongs to {elements}; <{name}> takes {allowed}',
  'markup.misplaced': '<{name}> cannot stand inside <{parent}>',
  'markup.misplaced.hint': 'put <{name}> inside {allowed}',
  'markup.root-only.hint': '<{name}> is only ever the root element, written once around everything else',
} as const;

export const vi: Translation<typeof en> = {
  'theme.out-of-range': '{value} nằm ngoài giới hạn: hãy dùng từ {min} đến {max} {unit}',
  'theme.unit.pt': 'điểm (pt)',
  'theme.unit.in': 'inch',
  'theme.unit.times': 'lần cỡ chữ',
  'theme.slide-size.hint': 'mỗi cạnh trang PowerPoint dài từ 1 đến 56 inch; khổ 16:9 là 13,333 × 7,5',
  'theme.font-size.hint': 'cỡ chữ ở đây từ 1 đến 400 pt (PowerPoint dừng ở 4000 pt); trên trang chiếu nên dùng 12 đến 40',
  'theme.line-spacing.hint': '1 là giãn dòng đơn, 1,5 là một dòng rưỡi',
  'theme.length.hint': 'xem mục "Changing the theme" trong README.md để biết giới hạn của từng giá trị',
  'theme.font-name': 'tên phông {name} chứa {char}, ký tự mà tên phông không được có',
  'theme.font-name-length': 'tên phông dài từ 1 đến {max} ký tự, tên này có {count}',
  'theme.font-name.hint': 'viết tên họ phông như Windows liệt kê, ví dụ Arial',
  'theme.region-too-wide': 'vùng kết thúc cách mép trái {end} inch, vượt quá chiều rộng trang ({width} inch)',
  'theme.region-too-tall': 'vùng kết thúc cách mép trên {end} inch, vượt quá chiều cao trang ({height} inch)',
  'theme.region.hint': 'giữ x + w trong chiều rộng trang và y + h trong chiều cao trang (size trong theme.yaml)',
  'theme.empty-region': 'một vùng cần chiều rộng và chiều cao lớn hơn 0',
  'theme.colour-reference': 'không có màu "{value}"',
  'theme.unknown-master': 'masterPictures: "{name}" không phải một trang cái của giao diện',
  'theme.unknown-region': 'masterPictures: "{name}" không phải một vùng của giao diện',

  'outline.unknown-field': '{key}: "{name}" không phải một trường của {scope}',
  'outline.scope.section': 'một phần',
  'outline.scope.report': 'báo cáo (các bước mở đầu và kết thúc hiển thị meeting, agenda hoặc closing)',
  'outline.not-yes-no': 'when: "{name}" không phải trường có/không, nên trang sẽ không bao giờ xuất hiện',
  'outline.when.hint': 'when cần một trường có/không: {allowed}',
  'outline.no-yes-no': 'when: không kiểm tra được "{name}": các bước mở đầu và kết thúc không có trường có/không nào',
  'outline.no-yes-no.hint': 'bỏ when, hoặc chuyển bước này sang các bước của phần (divider, agenda)',

  'locale.word-missing': 'thiếu từ "{word}" trong words: {layout} dùng từ này ở dòng {line}',
  'locale.word-missing.hint': 'thêm từ này vào words, như {locales} đã có',
  'template.unknown-word.hint': 'dùng một từ có trong bộ ngôn ngữ, hoặc thêm từ đó vào words của mọi tệp ngôn ngữ',
  'template.not-an-object': 'bố cục tìm "{name}" trong {found}, vốn không có trường nào: dữ liệu ở đây không đúng loại bố cục cần',
  'template.not-an-object.hint': 'kiểm tra trường mà bước outline đưa cho bố cục này (from), hoặc bọc phép tìm bằng {{#if}}',

  'markup.length-range': '{attr}="{value}" nằm ngoài giới hạn: độ dài từ 0 đến {max} inch, hoặc từ 0% đến 100%',
  'markup.not-a-count': '{attr}="{value}" không phải số nguyên từ {min} đến {max}',
  'markup.count.hint': 'viết một số nguyên, ví dụ maxColumns="3"',
  'markup.not-allowed': '{attr}="{value}" không được dùng ở đây',
  'markup.outside-slide':
    '<{name}> nằm ngoài trang: vị trí {x}, {y} inch, kích thước {w} × {h} inch trên trang {width} × {height} inch',
  'markup.outside-slide.hint': 'kiểm tra x, y, w, h, right và bottom của phần tử (cả padding hoặc gap quanh nó), hoặc vùng mà nó dùng',

  'markup.unknown-element.hint': 'bên trong <{parent}> hãy dùng {allowed}',
  'markup.nothing-inside.hint': '<{parent}> chỉ chứa văn bản, không chứa phần tử nào',
  'markup.unknown-attribute': '<{name}> không có thuộc tính "{attr}"',
  'markup.attributes.hint': '<{name}> nhận các thuộc tính {allowed}',
  'markup.no-attributes.hint': '<{name}> không nhận thuộc tính nào',
  'markup.attribute-elsewhere.hint': '{attr} là thuộc tính của {elements}; <{name}> nhận các thuộc tính {allowed}',
  'markup.misplaced': '<{name}> không được đặt bên trong <{parent}>',
  'markup.misplaced.hint': 'đặt <{name}> bên trong {allowed}',
  'markup.root-only.hint': '<{name}> chỉ dùng làm phần tử gốc, viết một lần bao quanh mọi thứ khác',
};
