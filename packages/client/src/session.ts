// The signed-in session and its refresh: refresh tokens rotate on every use, and using a spent one
// ends the session, so however many calls meet a 401 at once, ONE refresh runs and they all wait for
// it (a call whose token was already replaced just retries with the new one).
export interface Session {
  accessToken: string;
  refreshToken: string;
}

export class SessionHolder {
  private current: Session | null;
  private refreshing: Promise<Session | null> | null = null;

  constructor(
    initial: Session | null,
    private readonly onChange: (s: Session | null) => void,
  ) {
    this.current = initial;
  }

  get(): Session | null {
    return this.current;
  }

  set(s: Session | null): void {
    this.current = s;
    this.onChange(s);
  }

  /**
   * A session newer than the one whose access token `stale` was refused, made by `refresh` at most
   * once however many callers ask together; null when it cannot be renewed (sign in again).
   */
  async renew(stale: string, refresh: (refreshToken: string) => Promise<Session | null>): Promise<Session | null> {
    if (this.current && this.current.accessToken !== stale) return this.current;
    if (!this.refreshing) {
      const spent = this.current?.refreshToken;
      this.refreshing = (spent ? refresh(spent) : Promise.resolve(null)).then((s) => (this.set(s), s)).finally(() => (this.refreshing = null));
    }
    return this.refreshing;
  }
}
