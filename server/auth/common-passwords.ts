/**
 * The words people build their passwords around, lowercased, compared after the digits and symbols at
 * either end are taken off ("Password2026!" → "password", "woaini1314" → "woaini"). A password is at least
 * 10 characters, so this list only needs what survives that rule with a few digits added: the usual
 * English ones of the leaked-password lists, the pinyin ones Chinese users pick, and this product's and an
 * office's own words. It is a floor against the first guesses an attacker tries, not a strength meter.
 */
export const COMMON_PASSWORD_WORDS: ReadonlySet<string> = new Set([
  // English, from the top of every leaked-password list
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa$$word', 'pass', 'passwd', 'pwd',
  'qwerty', 'qwertyuiop', 'qwertz', 'azerty', 'asdf', 'asdfgh', 'asdfghjkl', 'zxcvbn', 'zxcvbnm', 'qazwsx', 'qazwsxedc',
  'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh', 'abcdefghi', 'abcdefghij', 'abcabc', 'aaa', 'aaaa',
  'admin', 'administrator', 'root', 'user', 'test', 'tester', 'guest', 'demo', 'default', 'changeme', 'secret',
  'welcome', 'letmein', 'iloveyou', 'loveyou', 'love', 'monkey', 'dragon', 'master', 'shadow', 'sunshine', 'princess',
  'football', 'baseball', 'basketball', 'soccer', 'superman', 'batman', 'trustno', 'starwars', 'whatever', 'freedom',
  'computer', 'internet', 'hello', 'helloworld', 'login', 'access', 'michael', 'charlie', 'jordan', 'jennifer',
  // pinyin: "I love you", "my password", "password", names of places and common given names
  'woaini', 'aini', 'wodemima', 'mima', 'mimamima', 'nihao', 'nihaoma', 'zhongguo', 'china',
  'beijing', 'shanghai', 'guangzhou', 'shenzhen', 'xiaoming', 'zhangwei', 'wangwei', 'liwei', 'wangfang', 'lina',
  'woshishui', 'iloveu', 'caonima', 'asd', 'qwe', 'zxc', 'qweasd', 'qweasdzxc', 'asdasd', 'qweqwe',
  // this product and an office's own words, the first an attacker who knows where they are would try
  'fangtan', 'zaixianfangtan', 'studio', 'zhengfu', 'renmin', 'zhengwu', 'gov', 'govcn', 'office', 'bangongshi',
]);

/**
 * Runs of neighbouring keys and letters: a password inside one of these (or its reverse) is typed, not
 * chosen ("1234567890", "qwertyuiop", "1qaz2wsx3edc", "abcdefghij").
 */
export const KEYBOARD_RUNS: readonly string[] = [
  '01234567890123456789',
  'qwertyuiopasdfghjklzxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qazwsxedcrfvtgbyhnujmikolp',
  '1q2w3e4r5t6y7u8i9o0p',
  'q1w2e3r4t5y6u7i8o9p0',
  'abcdefghijklmnopqrstuvwxyz',
  'a1b2c3d4e5f6g7h8i9j0',
];
