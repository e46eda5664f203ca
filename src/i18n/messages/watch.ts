/** Messages of the `watch` command. English is the reference; `vi` has the same keys and placeholders. */
import type { Translation } from './translation.js';

export const en = {
  'watch.description': 'build the deck, then rebuild it whenever the data or a template changes',
  'watch.data': 'the report data (.yaml)',
  'watch.json': 'print one JSON object per build on stdout (for scripts)',
  'watch.started': 'watching {data} and the templates in {templates}; press Ctrl-C to stop',
  'watch.changed': 'changed: {files}',
  'watch.built': '{output}: {slides} slides, built in {ms} ms',
  'watch.failed': 'not rebuilt ({errors} error(s)); {output} still holds the last good deck',
  'watch.crashed': 'not rebuilt: an internal error in briefdeck (run with --debug for its stack, and report it); {output} still holds the last good deck, and the next save is built',
  'watch.cannot-watch': 'cannot watch {folder} for changes; rebuild by hand after editing there',
  'watch.stopped': 'stopped watching',
} as const;

export const vi: Translation<typeof en> = {
  'watch.description': 'dựng bộ trình chiếu, rồi dựng lại mỗi khi dữ liệu hoặc mẫu thay đổi',
  'watch.data': 'dữ liệu báo cáo (.yaml)',
  'watch.json': 'in mỗi lần dựng thành một đối tượng JSON ra stdout (cho các đoạn script)',
  'watch.started': 'đang theo dõi {data} và các mẫu trong {templates}; nhấn Ctrl-C để dừng',
  'watch.changed': 'đã thay đổi: {files}',
  'watch.built': '{output}: {slides} trang, dựng trong {ms} ms',
  'watch.failed': 'chưa dựng lại ({errors} lỗi); {output} vẫn là bộ trình chiếu tốt gần nhất',
  'watch.crashed': 'chưa dựng lại: lỗi nội bộ của briefdeck (hãy chạy với --debug để xem chi tiết, và báo lại); {output} vẫn là bộ trình chiếu tốt gần nhất, lần lưu sau sẽ được dựng',
  'watch.cannot-watch': 'không theo dõi được thư mục {folder}; hãy tự dựng lại sau khi sửa ở đó',
  'watch.stopped': 'đã dừng theo dõi',
};
