import { ChatHistory, ChatMessage } from '../../../../shared/schemas/chat.js';
import { request } from '../api.js';

/**
 * The crew back channel (内部沟通). Posting goes over HTTP, its one door (CSRF-checked, the refusal in the
 * UI language); the `/crew` socket only brings the messages.
 */
export const chatService = {
  history: (interviewId: number, before?: number) =>
    request('GET', `/api/studio/interviews/${interviewId}/chat${before ? `?before=${before}` : ''}`, ChatHistory),
  post: (interviewId: number, text: string) => request('POST', `/api/studio/interviews/${interviewId}/chat`, ChatMessage, { text }),
};
