import type { Lang } from '../http/i18n.js';

/** The reasons a 回执 request is refused, in both languages (merged into i18n.ts's detail messages). */
export const RECEIPT_MESSAGES: Record<string, Record<Lang, string>> = {
  receipt_topic_required: { 'zh-CN': '请填写访谈主题', en: 'the interview topic is required' },
  receipt_guest_required: { 'zh-CN': '至少需要一位访谈嘉宾', en: 'at least one interview guest (访谈嘉宾) is required' },
  receipt_contact_required: { 'zh-CN': '请填写联系人', en: 'the contact person is required' },
  receipt_phone: { 'zh-CN': '请填写正确的联系电话（手机号或带区号的固定电话）', en: 'enter a valid phone number (a mobile, or a landline with its area code)' },
  receipt_email: { 'zh-CN': '电子邮箱格式不正确', en: 'the e-mail address is not valid' },
  receipt_outline_required: { 'zh-CN': '请上传访谈提纲（.docx 或 .pdf）', en: 'upload the interview outline (.docx or .pdf)' },
  receipt_photo_unknown: { 'zh-CN': '照片不存在或不属于本回执，请重新上传', en: 'the photo is unknown or belongs to another receipt; upload it again' },
  receipt_submitted: { 'zh-CN': '回执已提交，等待审核，暂不能修改', en: 'the receipt has been submitted and waits for review; it cannot be changed now' },
  receipt_accepted: { 'zh-CN': '回执已确认，不能再修改', en: 'the receipt has been accepted and can no longer be changed' },
  receipt_not_submitted: { 'zh-CN': '只有已提交的回执才能确认或退回', en: 'only a submitted receipt can be accepted or returned' },
  outline_too_large: { 'zh-CN': '访谈提纲文件不能超过 {mb} MB', en: 'the outline file may be at most {mb} MB' },
  outline_type: { 'zh-CN': '访谈提纲只能上传 Word 文档（.docx）或 PDF 文件', en: 'the outline must be a Word document (.docx) or a PDF' },
  outline_macros: {
    'zh-CN': '不接受含宏的文档（.docm 等），请另存为 .docx 或 PDF 后上传',
    en: 'documents with macros (.docm and the like) are refused; save it as .docx or PDF and upload again',
  },
  outline_not_word: { 'zh-CN': '文件不是有效的 Word 文档，请另存为 .docx 或 PDF 后上传', en: 'the file is not a valid Word document; save it as .docx or PDF and upload again' },
};
