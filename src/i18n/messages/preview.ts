/** Messages of the `preview` command. English is the reference; `vi` has the same keys and placeholders. */
import type { Translation } from './translation.js';

export const en = {
  'preview.description': 'draw every slide as a PNG picture, plus one contact sheet of them all (needs LibreOffice)',
  'preview.input': 'a deck (.pptx), or report data (.yaml) to build first',
  'preview.out': 'the folder to write the pictures into (created when missing)',
  'preview.pdf': 'also keep the PDF LibreOffice makes, as <out>/<name>.pdf',
  'preview.dpi': 'the resolution of the slide pictures, in dots per inch (default {dpi})',
  'preview.json': 'print the files written as JSON on stdout (for scripts)',

  'preview.usage.input': '{file} is neither a deck (.pptx) nor report data (.yaml, .yml)',
  'preview.usage.input.hint': 'give a .pptx deck to see it as it is, or a .yaml data file to build it and see it',
  'preview.usage.no-out': 'preview needs --out <dir>, the folder to write the pictures into',
  'preview.usage.no-out.hint': 'for example: briefdeck preview {input} --out out/preview',
  'preview.usage.dpi': '--dpi must be a whole number from {min} to {max}, not "{value}"',
  'preview.usage.build-flags': 'these options are for report data only: {flags}; {file} is a deck already built',

  'preview.no-soffice': 'LibreOffice is not installed (no soffice on PATH)',
  'preview.no-soffice.hint':
    'on Debian/Ubuntu: sudo apt-get install libreoffice-impress poppler-utils; on Windows or macOS: install LibreOffice from libreoffice.org (or set BRIEFDECK_SOFFICE to its soffice program)',
  'preview.bad-soffice': 'BRIEFDECK_SOFFICE is {path}, which is not a program that can be run',
  'preview.bad-soffice.hint': "point BRIEFDECK_SOFFICE at LibreOffice's soffice program, or unset it to look for soffice on PATH",
  'preview.no-pdftoppm': 'pdftoppm is not installed (no pdftoppm on PATH; it comes with poppler)',
  'preview.no-pdftoppm.hint':
    'on Debian/Ubuntu: sudo apt-get install poppler-utils; on macOS: brew install poppler; on Windows: install poppler (for example: scoop install poppler) and add its bin folder to PATH',

  'preview.tool-not-started': '{tool} could not be started ({reason})',
  'preview.tool-not-started.hint': 'check that it is installed completely and that you may run it',
  'preview.tool-timeout': '{tool} did not finish within {seconds} s and was stopped',
  'preview.tool-timeout.hint': 'try again; if it keeps happening, open the deck in LibreOffice Impress to see whether it hangs there too',
  'preview.tool-failed': '{tool} failed ({how}): {detail}',
  'preview.exit-status': 'exit status {status}',
  'preview.killed': 'stopped by {signal}',
  'preview.no-detail': 'it gave no reason',
  'preview.convert-failed': 'LibreOffice could not convert {deck} to PDF ({detail})',
  'preview.convert-failed.hint': 'check that {deck} is a PowerPoint deck and opens in LibreOffice Impress',
  'preview.no-pages': 'pdftoppm drew no pictures from {pdf}',
  'preview.write-failed.hint': 'check that the --out folder can be created and written to',
  'preview.interrupted': 'stopped; the preview folder may be incomplete',

  'preview.building': 'building {data}…',
  'preview.converting': 'converting to PDF with LibreOffice…',
  'preview.rasterizing': 'drawing the pages at {dpi} dpi with pdftoppm…',
  'preview.pictures': '{count} slides → {dir}',
  'preview.done.slides': '{files}: {count} slide pictures, {width} × {height} pixels',
  'preview.done.contact-sheet': '{file}: contact sheet of the {count} slides, {columns} per row',
  'preview.done.pdf': '{file}: the PDF',
  'preview.done': 'previewed in {seconds} s',
} as const;

export const vi: Translation<typeof en> = {
  'preview.description': 'vẽ mỗi trang chiếu thành một ảnh PNG, kèm một bảng ảnh thu nhỏ của tất cả các trang (cần LibreOffice)',
  'preview.input': 'bộ trình chiếu (.pptx), hoặc dữ liệu báo cáo (.yaml) để dựng trước',
  'preview.out': 'thư mục để ghi các ảnh (tự tạo nếu chưa có)',
  'preview.pdf': 'giữ lại cả tệp PDF do LibreOffice tạo ra, thành <out>/<tên>.pdf',
  'preview.dpi': 'độ phân giải của ảnh trang chiếu, tính bằng số điểm trên mỗi inch (mặc định {dpi})',
  'preview.json': 'in danh sách các tệp đã ghi dạng JSON ra stdout (cho các đoạn script)',

  'preview.usage.input': '{file} không phải bộ trình chiếu (.pptx) cũng không phải dữ liệu báo cáo (.yaml, .yml)',
  'preview.usage.input.hint': 'hãy đưa tệp .pptx để xem nguyên trạng, hoặc tệp dữ liệu .yaml để dựng rồi xem',
  'preview.usage.no-out': 'lệnh preview cần --out <dir>, thư mục để ghi các ảnh',
  'preview.usage.no-out.hint': 'ví dụ: briefdeck preview {input} --out out/preview',
  'preview.usage.dpi': '--dpi phải là một số nguyên từ {min} đến {max}, không phải "{value}"',
  'preview.usage.build-flags': 'các tùy chọn này chỉ dùng cho dữ liệu báo cáo: {flags}; {file} đã là một bộ trình chiếu dựng sẵn',

  'preview.no-soffice': 'chưa cài LibreOffice (không tìm thấy soffice trong PATH)',
  'preview.no-soffice.hint':
    'trên Debian/Ubuntu: sudo apt-get install libreoffice-impress poppler-utils; trên Windows hoặc macOS: cài LibreOffice từ libreoffice.org (hoặc đặt BRIEFDECK_SOFFICE trỏ tới chương trình soffice của nó)',
  'preview.bad-soffice': 'BRIEFDECK_SOFFICE đang là {path}, không phải một chương trình chạy được',
  'preview.bad-soffice.hint': 'hãy trỏ BRIEFDECK_SOFFICE tới chương trình soffice của LibreOffice, hoặc bỏ biến này để tìm soffice trong PATH',
  'preview.no-pdftoppm': 'chưa cài pdftoppm (không tìm thấy pdftoppm trong PATH; chương trình này đi kèm poppler)',
  'preview.no-pdftoppm.hint':
    'trên Debian/Ubuntu: sudo apt-get install poppler-utils; trên macOS: brew install poppler; trên Windows: cài poppler (ví dụ: scoop install poppler) rồi thêm thư mục bin của nó vào PATH',

  'preview.tool-not-started': 'không khởi động được {tool} ({reason})',
  'preview.tool-not-started.hint': 'kiểm tra xem chương trình đã được cài đầy đủ và bạn có quyền chạy nó không',
  'preview.tool-timeout': '{tool} không xong trong {seconds} giây nên đã bị dừng',
  'preview.tool-timeout.hint': 'hãy thử lại; nếu vẫn bị, mở bộ trình chiếu bằng LibreOffice Impress xem có bị treo ở đó không',
  'preview.tool-failed': '{tool} bị lỗi ({how}): {detail}',
  'preview.exit-status': 'mã thoát {status}',
  'preview.killed': 'bị dừng bởi {signal}',
  'preview.no-detail': 'không nêu lý do',
  'preview.convert-failed': 'LibreOffice không chuyển được {deck} sang PDF ({detail})',
  'preview.convert-failed.hint': 'kiểm tra xem {deck} có đúng là bộ trình chiếu PowerPoint và mở được bằng LibreOffice Impress không',
  'preview.no-pages': 'pdftoppm không vẽ được ảnh nào từ {pdf}',
  'preview.write-failed.hint': 'kiểm tra xem thư mục --out có tạo và ghi được không',
  'preview.interrupted': 'đã dừng; thư mục ảnh xem trước có thể chưa đầy đủ',

  'preview.building': 'đang dựng {data}…',
  'preview.converting': 'đang chuyển sang PDF bằng LibreOffice…',
  'preview.rasterizing': 'đang vẽ các trang ở {dpi} dpi bằng pdftoppm…',
  'preview.pictures': '{count} trang → {dir}',
  'preview.done.slides': '{files}: {count} ảnh trang chiếu, {width} × {height} điểm ảnh',
  'preview.done.contact-sheet': '{file}: bảng ảnh thu nhỏ của {count} trang, {columns} ảnh mỗi hàng',
  'preview.done.pdf': '{file}: tệp PDF',
  'preview.done': 'xem trước xong trong {seconds} giây',
};
