/**
 * Finding a word in the middle of a Japanese, Chinese, Korean or Thai sentence: word
 * segmentation with Intl.Segmenter versus overlapping character bigrams, both indexed
 * through the same FTS5 tokenizer as the knowledge base (unicode61 with marks kept).
 *
 * The corpus: ten short workplace sentences per script, each with one word a person would
 * type to find it, taken from the middle of the sentence (and a few compounds). A query
 * counts as found when its sentence is among the matches, first when bm25 ranks it first;
 * "other matches" counts the sentences matched that do not contain the query word.
 */
import Database from 'better-sqlite3';
import { indexForms } from '../src/core/domain/search/text.js';
import { phraseExpression } from '../src/core/store/fts-query.js';
import type { BenchResult } from './run.js';

interface Sample {
  sentence: string;
  query: string;
}

export const SCRIPT_SAMPLES: Record<string, Sample[]> = {
  Japanese: [
    { sentence: '明日の会議は十時に始まります。', query: '会議' },
    { sentence: '経費精算の締め切りは毎月二十五日です。', query: '締め切り' },
    { sentence: '新しいノートパソコンは情報システム部に申請してください。', query: '申請' },
    { sentence: '東京オフィスの受付は九時から開いています。', query: '受付' },
    { sentence: '有給休暇を取る前に上司の承認が必要です。', query: '承認' },
    { sentence: '社内ネットワークに接続するにはVPNを使います。', query: '接続' },
    { sentence: '請求書は経理部にメールで送ってください。', query: '経理' },
    { sentence: '健康診断の予約は人事部で受け付けています。', query: '予約' },
    { sentence: '在宅勤務の日は勤怠システムに記録してください。', query: '勤怠' },
    { sentence: '駐車場は地下二階にあります。', query: '駐車場' },
    { sentence: '経費精算の方法が変わりました。', query: '経費精算' },
    { sentence: '情報システム部の内線番号は三百番です。', query: 'システム' },
  ],
  Chinese: [
    { sentence: '我们下周一在上海办公室开会。', query: '办公室' },
    { sentence: '报销单必须在每月二十五号之前提交。', query: '报销' },
    { sentence: '新员工的电脑由信息部门负责配置。', query: '电脑' },
    { sentence: '请假需要先得到经理的批准。', query: '批准' },
    { sentence: '公司的无线网络密码每季度更换一次。', query: '密码' },
    { sentence: '发票请用邮件发给财务部。', query: '财务' },
    { sentence: '体检预约请联系人事部。', query: '预约' },
    { sentence: '在家办公的时候也要按时打卡。', query: '打卡' },
    { sentence: '停车场在地下二层。', query: '停车场' },
    { sentence: '年度绩效评估在十二月进行。', query: '绩效' },
    { sentence: '所有员工都可以申请在家办公。', query: '在家办公' },
    { sentence: '新电脑的申请表在内网上。', query: '申请表' },
  ],
  Korean: [
    { sentence: '내일 회의는 10시에 시작합니다.', query: '회의' },
    { sentence: '경비 정산 마감은 매월 25일입니다.', query: '정산' },
    { sentence: '새 노트북은 정보시스템팀에 신청하세요.', query: '노트북' },
    { sentence: '휴가를 쓰기 전에 팀장의 승인이 필요합니다.', query: '승인' },
    { sentence: '사내 네트워크에 접속하려면 VPN을 사용하세요.', query: '네트워크' },
    { sentence: '청구서는 재무팀에 이메일로 보내 주세요.', query: '청구서' },
    { sentence: '건강검진 예약은 인사팀에서 받습니다.', query: '예약' },
    { sentence: '재택근무 날에는 근태 시스템에 기록하세요.', query: '근태' },
    { sentence: '주차장은 지하 2층에 있습니다.', query: '주차장' },
    { sentence: '연간 성과 평가는 12월에 진행됩니다.', query: '평가' },
    { sentence: '모든 직원은 재택근무를 신청할 수 있습니다.', query: '재택근무' },
    { sentence: '건강검진 결과는 개인에게 통보됩니다.', query: '검진' },
  ],
  Thai: [
    { sentence: 'พรุ่งนี้ประชุมเริ่มสิบโมง', query: 'ประชุม' },
    { sentence: 'ต้องส่งใบเบิกค่าใช้จ่ายก่อนวันที่ยี่สิบห้าของทุกเดือน', query: 'ค่าใช้จ่าย' },
    { sentence: 'พนักงานใหม่ต้องขอคอมพิวเตอร์จากฝ่ายไอที', query: 'คอมพิวเตอร์' },
    { sentence: 'การลาพักร้อนต้องได้รับอนุมัติจากหัวหน้า', query: 'อนุมัติ' },
    { sentence: 'รหัสผ่านไวไฟของบริษัทเปลี่ยนทุกไตรมาส', query: 'รหัสผ่าน' },
    { sentence: 'กรุณาส่งใบแจ้งหนี้ไปที่ฝ่ายการเงินทางอีเมล', query: 'การเงิน' },
    { sentence: 'นัดตรวจสุขภาพได้ที่ฝ่ายบุคคล', query: 'สุขภาพ' },
    { sentence: 'วันที่ทำงานที่บ้านต้องลงเวลาในระบบ', query: 'ลงเวลา' },
    { sentence: 'ที่จอดรถอยู่ชั้นใต้ดินสอง', query: 'จอดรถ' },
    { sentence: 'การประเมินผลงานประจำปีจัดในเดือนธันวาคม', query: 'ประเมิน' },
    { sentence: 'พนักงานทุกคนขอทำงานที่บ้านได้', query: 'ทำงานที่บ้าน' },
    { sentence: 'ฝ่ายบุคคลดูแลเรื่องวันลาของพนักงาน', query: 'วันลา' },
  ],
};

const UNSPACED_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\u30fc][\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\u30fc\p{M}]*/gu;
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

interface Method {
  name: string;
  /** The text indexed for a document. */
  index: (text: string) => string;
  /** The FTS5 expression for a typed word. */
  query: (word: string) => string;
}

function words(run: string): string[] {
  return [...segmenter.segment(run)].filter((s) => s.isWordLike).map((s) => s.segment);
}

const quote = (text: string): string => `"${text.replaceAll('"', '""')}"`;

export const METHODS: Method[] = [
  {
    name: 'Intl.Segmenter words',
    index: (text) => text.replace(UNSPACED_RUN, (run) => ` ${words(run).join(' ')} `),
    query: (word) => quote(words(word).join(' ')),
  },
  {
    name: 'character bigrams (as indexed by Mailroom)',
    index: (text) => `${text}\n${indexForms(text)}`,
    query: (word) => phraseExpression(word) ?? '""',
  },
];

export interface Measurement {
  script: string;
  method: string;
  queries: number;
  found: number;
  first: number;
  otherMatches: number;
  indexTokens: number;
}

export function measure(): Measurement[] {
  const results: Measurement[] = [];
  for (const method of METHODS) {
    for (const [script, samples] of Object.entries(SCRIPT_SAMPLES)) {
      const sqlite = new Database(':memory:');
      sqlite.exec(
        `CREATE VIRTUAL TABLE fts USING fts5(body, tokenize = "porter unicode61 remove_diacritics 2 categories 'L* N* Co M*'");
         CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, instance);`,
      );
      const insert = sqlite.prepare('INSERT INTO fts (rowid, body) VALUES (?, ?)');
      samples.forEach((sample, i) => {
        insert.run(i + 1, method.index(sample.sentence));
      });
      const search = sqlite.prepare<[string], { rowid: number }>(
        'SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank',
      );
      let found = 0;
      let first = 0;
      let otherMatches = 0;
      samples.forEach((sample, i) => {
        const rows = search.all(method.query(sample.query)).map((row) => row.rowid);
        if (rows.includes(i + 1)) found += 1;
        if (rows[0] === i + 1) first += 1;
        otherMatches += rows.filter(
          (rowid) => !(samples[rowid - 1]?.sentence ?? '').includes(sample.query),
        ).length;
      });
      const indexTokens = (sqlite.prepare('SELECT count(*) AS n FROM vocab').get() as { n: number })
        .n;
      sqlite.close();
      results.push({
        script,
        method: method.name,
        queries: samples.length,
        found,
        first,
        otherMatches,
        indexTokens,
      });
    }
  }
  return results;
}

export async function run(): Promise<BenchResult> {
  const rows = measure().map((m) => ({
    figure: `${m.script}, ${m.method}`,
    value: `${m.found}/${m.queries} found, ${m.first}/${m.queries} first, ${m.otherMatches} other matches`,
    workload: `${m.queries} sentences, one word from the middle of each; ${m.indexTokens} index tokens`,
  }));
  return {
    title: 'Words in the middle of a sentence: Intl.Segmenter vs character bigrams',
    rows,
    notes: [
      'Segmentation: found = the sentence is matched by the word typed alone; other matches = sentences matched that do not contain the word.',
    ],
  };
}
