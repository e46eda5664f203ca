/** Messages of the `init` command. English is the reference; `vi` has the same keys and placeholders. */
import type { Translation } from './translation.js';

export const en = {
  'init.description': 'create a new report to start from, with a comment in Vietnamese on every field',
  'init.dir': 'the folder to create it in, made if missing (default: the current folder)',
  'init.exists': 'cannot write {file}: it already exists, and init never overwrites a file; nothing was written',
  'init.exists.hint': 'choose another folder, or move {file} out of the way first',
  'init.not-a-folder.hint': '{dir} is a file, not a folder: give a folder for the new report',
  'init.created-report': 'created {file}: the report, with a comment on every field',
  'init.created-schema': 'created {file}: the data format, so editors complete and check the fields',
  'init.created-workbook': 'created {file}: a small workbook a chart of the report takes its figures from',
  'init.next': 'next, edit the report, then check it and build the deck:',
  'init.command': '  {command}',
} as const;

export const vi: Translation<typeof en> = {
  'init.description': 'tạo một báo cáo mới để bắt đầu, mỗi trường có chú thích bằng tiếng Việt',
  'init.dir': 'thư mục sẽ tạo báo cáo, tự tạo nếu chưa có (mặc định: thư mục hiện tại)',
  'init.exists': 'không ghi được {file}: tệp đã có, và init không bao giờ ghi đè tệp; chưa ghi tệp nào',
  'init.exists.hint': 'hãy chọn thư mục khác, hoặc chuyển {file} đi chỗ khác trước',
  'init.not-a-folder.hint': '{dir} là một tệp, không phải thư mục: hãy chọn một thư mục cho báo cáo mới',
  'init.created-report': 'đã tạo {file}: báo cáo, mỗi trường có chú thích',
  'init.created-schema': 'đã tạo {file}: định dạng dữ liệu, để trình soạn thảo gợi ý và kiểm tra các trường',
  'init.created-workbook': 'đã tạo {file}: bảng tính nhỏ mà một biểu đồ của báo cáo lấy số liệu',
  'init.next': 'tiếp theo, sửa báo cáo, rồi kiểm tra và dựng bộ trình chiếu:',
  'init.command': '  {command}',
};
