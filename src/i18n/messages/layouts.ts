/** Messages of the `layouts` command. English is the reference; `vi` has the same keys and placeholders. */
import type { Translation } from './translation.js';

export const en = {
  'layouts.description': 'list the layouts of a theme, each with what it shows and the data fields it uses',
  'layouts.theme': 'the theme folder inside the templates (default: "default")',
  'layouts.heading': 'Layouts of the theme "{theme}" ({folder}):',
  'layouts.heading-extends': 'Layouts of the theme "{theme}", which extends {parents} ({folder}):',
  'layouts.from-theme': '[from {theme}]',
  'layouts.entry': '  {name}  {description}\n{indent}fields: {fields}',
  'layouts.no-description': '(no description: start the layout with a {{!-- description: … --}} comment)',
  'layouts.no-fields': '(none)',
  'layouts.from-note': '{from}: the field given as `from` when a section uses {layouts} in its `slides:` list (the outline does not)',
  'layouts.bindings-note': 'Any of these fields may take its value from a workbook or CSV beside the report: value: { cell: so-lieu.xlsx!Quý III!B4 }, values: { cells: so-lieu.xlsx!Quý III!B2:D2 }, or a chart\'s or table\'s data: so-lieu.xlsx!Quý III!A1:D3 (README, "Figures kept in a spreadsheet")',
} as const;

export const vi: Translation<typeof en> = {
  'layouts.description': 'liệt kê các bố cục của một giao diện, mỗi bố cục kèm mô tả và các trường dữ liệu nó dùng',
  'layouts.theme': 'thư mục giao diện trong thư mục mẫu (mặc định: "default")',
  'layouts.heading': 'Các bố cục của giao diện "{theme}" ({folder}):',
  'layouts.heading-extends': 'Các bố cục của giao diện "{theme}", kế thừa {parents} ({folder}):',
  'layouts.from-theme': '[của {theme}]',
  'layouts.entry': '  {name}  {description}\n{indent}trường dữ liệu: {fields}',
  'layouts.no-description': '(chưa có mô tả: hãy mở đầu bố cục bằng chú thích {{!-- description: … --}})',
  'layouts.no-fields': '(không có)',
  'layouts.from-note': '{from}: trường ghi ở `from` khi một phần dùng {layouts} trong danh sách `slides:` của phần đó (outline không dùng)',
  'layouts.bindings-note': 'Mọi trường ở trên đều có thể lấy giá trị từ bảng tính hoặc tệp CSV cạnh báo cáo: value: { cell: so-lieu.xlsx!Quý III!B4 }, values: { cells: so-lieu.xlsx!Quý III!B2:D2 }, hoặc data: so-lieu.xlsx!Quý III!A1:D3 cho cả biểu đồ hay bảng (README, "Figures kept in a spreadsheet")',
};
