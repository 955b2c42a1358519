// Generated from the arena OpenAPI document by `npm run api-types -w @perflab/arena`. Do not edit.
export interface paths {
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: 200 when the database (and Redis, if used) answer, else 503 */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              status: 'ok' | 'unavailable';
              /** @enum {string} */
              database: 'postgres' | 'pglite';
              /** @enum {string} */
              shared: 'redis' | 'memory';
              message?: string;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              status: 'ok' | 'unavailable';
              /** @enum {string} */
              database: 'postgres' | 'pglite';
              /** @enum {string} */
              shared: 'redis' | 'memory';
              message?: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics (text exposition format) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': string;
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Log in with login and password; returns an access and a refresh token */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            login: string;
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['TokenPair'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange a refresh token for a new pair (the old one is spent; reusing it revokes the session) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            refreshToken: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['TokenPair'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End the session: the access token is refused from now on, the refresh token revoked */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {boolean} */
              ok: true;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who the access token belongs to */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Me'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/competitions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Competitions the caller can see: all for admins, their own for participants */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Competition'][];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/competitions/{competitionId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A competition and its rules */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Competition'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/competitions/{competitionId}/field': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The field of cards (topics × levels), statements rendered; with the caller's purchases */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Field'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/competitions/{competitionId}/cards/{cardId}/buy': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Buy a card with the team's (or own) balance; once per team/participant */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
          cardId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Purchase'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/competitions/{competitionId}/cards/{cardId}/submissions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Answer a bought card (attempt counted; reward = price × multiplier for the attempt) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
          cardId: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            answer: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SubmitResult'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/competitions/{competitionId}/ledger': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's team/own ledger: every amount spent and earned, oldest first */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: number;
              balance: number;
              entries: components['schemas']['LedgerEntry'][];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/competitions/{competitionId}/scoreboard': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The scoreboard (participants see the frozen board after the freeze time, admins the live one) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Scoreboard'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/competitions/{competitionId}/scoreboard/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Score over time of the top N accounts (balance after each ledger row) */
    get: {
      parameters: {
        query?: {
          top?: number;
        };
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ScoreSeries'][];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/competitions/{competitionId}/announcements': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Announcements, newest first */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Announcement'][];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/competitions/{competitionId}/stream': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Server-sent events: `scoreboard` (the board, at once and on every change, ≤ 1 s) and `announcement`
     * @description text/event-stream. EventSource cannot send headers: pass the access token as `?access_token=`. A comment line every 15 s keeps proxies from closing the stream.
     */
    get: {
      parameters: {
        query?: {
          access_token?: string;
        };
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description text/event-stream */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': string;
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create a competition */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            title: string;
            /** @default  */
            description?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date-time
             */
            startsAt: string;
            /**
             * Format: date-time
             * @description ISO 8601 date-time
             */
            endsAt: string;
            /** @enum {string} */
            mode: 'individual' | 'team';
            initialBalance: number;
            /**
             * @default {
             *       "multipliers": [
             *         1
             *       ],
             *       "maxAttempts": 3,
             *       "penalty": 0,
             *       "freezeAt": null
             *     }
             */
            rules?: components['schemas']['RulesInput'];
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Competition'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Edit a competition: title, description, window, rules (applies from now on, never retroactively) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            title?: string;
            description?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date-time
             */
            startsAt?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date-time
             */
            endsAt?: string;
            rules?: components['schemas']['RulesInput'];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Competition'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/cards': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every card with its accepted answers */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AdminCard'][];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    /** Add a card at (topic, level) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Row of the field */
            topic: string;
            /** @description Column of the field (1 = easiest) */
            level: number;
            title: string;
            /** @description Markdown (raw HTML is not rendered) */
            statement: string;
            price: number;
            answers: components['schemas']['AcceptedAnswerInput'][];
            /**
             * @description This card's multipliers by attempt, replacing the competition's; null = the competition's
             * @default null
             */
            multipliers?: number[] | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AdminCard'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/cards/{cardId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a card nobody bought */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
          cardId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {boolean} */
              ok: true;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Edit or move a card (topic/level = its cell) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
          cardId: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Row of the field */
            topic?: string;
            /** @description Column of the field (1 = easiest) */
            level?: number;
            title?: string;
            /** @description Markdown (raw HTML is not rendered) */
            statement?: string;
            price?: number;
            answers?: components['schemas']['AcceptedAnswerInput'][];
            /**
             * @description This card's multipliers by attempt, replacing the competition's; null = the competition's
             * @default null
             */
            multipliers?: number[] | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AdminCard'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/cards/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The cards as JSON (import format) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Row of the field */
              topic: string;
              /** @description Column of the field (1 = easiest) */
              level: number;
              title: string;
              /** @description Markdown (raw HTML is not rendered) */
              statement: string;
              price: number;
              answers: components['schemas']['AcceptedAnswer'][];
              /**
               * @description This card's multipliers by attempt, replacing the competition's; null = the competition's
               * @default null
               */
              multipliers: number[] | null;
            }[];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/cards/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Import cards (the export format); all or nothing */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Row of the field */
            topic: string;
            /** @description Column of the field (1 = easiest) */
            level: number;
            title: string;
            /** @description Markdown (raw HTML is not rendered) */
            statement: string;
            price: number;
            answers: components['schemas']['AcceptedAnswerInput'][];
            /**
             * @description This card's multipliers by attempt, replacing the competition's; null = the competition's
             * @default null
             */
            multipliers?: number[] | null;
          }[];
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AdminCard'][];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/teams': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Teams with members */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Team'][];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    /** Create a team (team mode); its account gets the initial balance */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Team'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/participants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Participants (removed ones flagged) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Participant'][];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    /** Register a participant; a generated password (if none given) is returned once */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            login: string;
            displayName?: string;
            password?: string;
            /** @default null */
            teamId?: number | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['CreatedParticipant'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/participants/bulk': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Register participants from CSV (header: login,displayName,team[,password]); all or nothing
     * @description Send `Content-Type: text/csv`. Teams named in the file are created when missing. Generated passwords are in the answer and never shown again.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      /** @description CSV text */
      requestBody: {
        content: {
          'application/json': string;
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['CreatedParticipant'][];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/participants/{participantId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a participant: their tokens stop working at once; their ledger rows stay */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
          participantId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {boolean} */
              ok: true;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/submissions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Submissions, newest first (filters: accountId, cardId, correct; paging: beforeId, limit) */
    get: {
      parameters: {
        query?: {
          accountId?: number;
          cardId?: number;
          correct?: 'true' | 'false';
          beforeId?: number;
          limit?: number;
        };
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Submission'][];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/submissions/{submissionId}/regrade': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Re-check a submission against the card's current answers (compensating ledger rows) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
          submissionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Correction'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/submissions/{submissionId}/void': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Void a submission: its reward or penalty is cancelled by a compensating ledger row */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
          submissionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Correction'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/announcements': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Post an announcement; pushed at once to every open stream of the competition */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            message: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Announcement'];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/results.csv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Final results as CSV: rank, name, balance, solved, members */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description text/csv */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': string;
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/competitions/{competitionId}/accounts/{accountId}/ledger': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Any account's ledger, oldest first */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          competitionId: number;
          accountId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LedgerEntry'][];
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ArenaError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    AcceptedAnswerInput:
      | {
          /** @enum {string} */
          kind: 'exact';
          value: string;
        }
      | {
          /** @enum {string} */
          kind: 'numeric';
          value: number;
          /** @default 0 */
          tolerance: number;
        }
      | {
          /** @enum {string} */
          kind: 'regex';
          pattern: string;
          /** @default false */
          caseInsensitive: boolean;
        };
    RulesInput: {
      /** @description Reward multiplier by attempt: [first, second, …]; later attempts use the last one */
      multipliers: number[];
      maxAttempts: number;
      /** @description Points taken for a wrong answer (never below a zero balance) */
      penalty: number;
      /**
       * Format: date-time
       * @description From this time participants see the frozen scoreboard
       */
      freezeAt: string | null;
    };
    CompetitionInput: {
      id: number;
      title: string;
      description: string;
      /**
       * Format: date-time
       * @description ISO 8601 date-time
       */
      startsAt: string;
      /**
       * Format: date-time
       * @description ISO 8601 date-time
       */
      endsAt: string;
      /** @enum {string} */
      mode: 'individual' | 'team';
      initialBalance: number;
      rules: components['schemas']['RulesInput'];
    };
    AdminCardInput: {
      id: number;
      competitionId: number;
      topic: string;
      level: number;
      title: string;
      statement: string;
      price: number;
      answers: components['schemas']['AcceptedAnswerInput'][];
      multipliers: number[] | null;
    };
    PurchaseStateInput: {
      purchaseId: number;
      /** @enum {string} */
      status: 'open' | 'solved' | 'closed';
      attempts: number;
      attemptsLeft: number;
    };
    FieldCardInput: {
      id: number;
      topic: string;
      level: number;
      title: string;
      /** @description The Markdown statement rendered to safe HTML */
      statementHtml: string;
      price: number;
      /** @description Effective multipliers by attempt */
      multipliers: number[];
      /** @description The viewer's purchase; null if not bought */
      purchase: components['schemas']['PurchaseStateInput'] | null;
    };
    FieldInput: {
      competitionId: number;
      topics: string[];
      levels: number[];
      cards: components['schemas']['FieldCardInput'][];
      /** @description The viewer's balance; null for admins */
      balance: number | null;
    };
    ParticipantInput: {
      id: number;
      competitionId: number;
      login: string;
      displayName: string;
      teamId: number | null;
      removed: boolean;
    };
    TeamInput: {
      id: number;
      competitionId: number;
      name: string;
      accountId: number;
      members: components['schemas']['ParticipantInput'][];
    };
    CreatedParticipantInput: {
      id: number;
      competitionId: number;
      login: string;
      displayName: string;
      teamId: number | null;
      removed: boolean;
      /** @description Shown once; only a hash is stored */
      password: string;
    };
    ScoreRowInput: {
      rank: number;
      accountId: number;
      name: string;
      balance: number;
      solved: number;
      /** @description Ledger id of the last change (earlier wins a tie) */
      lastChangeId: number;
    };
    ScoreboardInput: {
      competitionId: number;
      /** @description True when this is the board as of the freeze time */
      frozen: boolean;
      /**
       * Format: date-time
       * @description ISO 8601 date-time
       */
      frozenAt: string | null;
      /**
       * Format: date-time
       * @description Time of the newest ledger row this board reflects
       */
      updatedAt: string | null;
      rows: components['schemas']['ScoreRowInput'][];
    };
    ScoreSeriesInput: {
      accountId: number;
      name: string;
      points: {
        /**
         * Format: date-time
         * @description ISO 8601 date-time
         */
        at: string;
        balance: number;
      }[];
    };
    LedgerEntryInput: {
      id: number;
      accountId: number;
      amount: number;
      balanceAfter: number;
      /** @enum {string} */
      reason: 'initial' | 'purchase' | 'reward' | 'penalty' | 'regrade' | 'void';
      cardId: number | null;
      cardTitle: string | null;
      purchaseId: number | null;
      submissionId: number | null;
      attempt: number | null;
      /** @enum {string} */
      actorKind: 'system' | 'participant' | 'admin';
      actorId: number | null;
      note: string | null;
      /**
       * Format: date-time
       * @description ISO 8601 date-time
       */
      createdAt: string;
    };
    SubmissionInput: {
      id: number;
      competitionId: number;
      purchaseId: number;
      accountId: number;
      accountName: string;
      cardId: number;
      cardTitle: string;
      userId: number;
      login: string;
      attempt: number;
      answer: string;
      correct: boolean;
      /** @enum {string} */
      status: 'graded' | 'voided';
      /** @description Net ledger effect of this submission so far */
      amount: number;
      /**
       * Format: date-time
       * @description ISO 8601 date-time
       */
      createdAt: string;
    };
    AnnouncementInput: {
      id: number;
      competitionId: number;
      message: string;
      /**
       * Format: date-time
       * @description ISO 8601 date-time
       */
      createdAt: string;
    };
    ArenaErrorInput: {
      /** @description Stable code from the ARENA_ERR_* catalogue */
      error: string;
      message: string;
      hint?: string;
      /** @description Validation errors only: one message per field, every field at once */
      fields?: {
        [key: string]: string;
      };
    };
    CorrectionInput: {
      submissionId: number;
      changed: boolean;
      correct: boolean;
      /** @enum {string} */
      status: 'graded' | 'voided';
      /** @description The compensating ledger amount */
      amount: number;
    };
    TokenPairInput: {
      accessToken: string;
      /** @description Access token lifetime, seconds */
      expiresIn: number;
      /** @description Single use: each refresh returns a new one */
      refreshToken: string;
      /** @description Refresh token lifetime, seconds */
      refreshExpiresIn: number;
    };
    MeInput: {
      userId: number;
      /** @enum {string} */
      role: 'admin' | 'participant';
      login: string;
      displayName: string;
      competitionId: number | null;
      teamId: number | null;
      /** @description The account the participant plays with */
      accountId: number | null;
    };
    PurchaseInput: {
      purchaseId: number;
      cardId: number;
      accountId: number;
      price: number;
      /** @description Balance after the purchase */
      balance: number;
      ledgerEntryId: number;
    };
    SubmitResultInput: {
      submissionId: number;
      cardId: number;
      accountId: number;
      correct: boolean;
      attempt: number;
      attemptsLeft: number;
      /** @enum {string} */
      status: 'open' | 'solved' | 'closed';
      /** @description Reward (> 0), penalty (< 0) or 0 */
      amount: number;
      balance: number;
    };
    AcceptedAnswer:
      | {
          /** @enum {string} */
          kind: 'exact';
          value: string;
        }
      | {
          /** @enum {string} */
          kind: 'numeric';
          value: number;
          /** @default 0 */
          tolerance: number;
        }
      | {
          /** @enum {string} */
          kind: 'regex';
          pattern: string;
          /** @default false */
          caseInsensitive: boolean;
        };
    Rules: {
      /** @description Reward multiplier by attempt: [first, second, …]; later attempts use the last one */
      multipliers: number[];
      maxAttempts: number;
      /** @description Points taken for a wrong answer (never below a zero balance) */
      penalty: number;
      /**
       * Format: date-time
       * @description From this time participants see the frozen scoreboard
       */
      freezeAt: string | null;
    };
    Competition: {
      id: number;
      title: string;
      description: string;
      /**
       * Format: date-time
       * @description ISO 8601 date-time
       */
      startsAt: string;
      /**
       * Format: date-time
       * @description ISO 8601 date-time
       */
      endsAt: string;
      /** @enum {string} */
      mode: 'individual' | 'team';
      initialBalance: number;
      rules: components['schemas']['Rules'];
    };
    AdminCard: {
      id: number;
      competitionId: number;
      topic: string;
      level: number;
      title: string;
      statement: string;
      price: number;
      answers: components['schemas']['AcceptedAnswer'][];
      multipliers: number[] | null;
    };
    PurchaseState: {
      purchaseId: number;
      /** @enum {string} */
      status: 'open' | 'solved' | 'closed';
      attempts: number;
      attemptsLeft: number;
    };
    FieldCard: {
      id: number;
      topic: string;
      level: number;
      title: string;
      /** @description The Markdown statement rendered to safe HTML */
      statementHtml: string;
      price: number;
      /** @description Effective multipliers by attempt */
      multipliers: number[];
      /** @description The viewer's purchase; null if not bought */
      purchase: components['schemas']['PurchaseState'] | null;
    };
    Field: {
      competitionId: number;
      topics: string[];
      levels: number[];
      cards: components['schemas']['FieldCard'][];
      /** @description The viewer's balance; null for admins */
      balance: number | null;
    };
    Participant: {
      id: number;
      competitionId: number;
      login: string;
      displayName: string;
      teamId: number | null;
      removed: boolean;
    };
    Team: {
      id: number;
      competitionId: number;
      name: string;
      accountId: number;
      members: components['schemas']['Participant'][];
    };
    CreatedParticipant: {
      id: number;
      competitionId: number;
      login: string;
      displayName: string;
      teamId: number | null;
      removed: boolean;
      /** @description Shown once; only a hash is stored */
      password: string;
    };
    ScoreRow: {
      rank: number;
      accountId: number;
      name: string;
      balance: number;
      solved: number;
      /** @description Ledger id of the last change (earlier wins a tie) */
      lastChangeId: number;
    };
    Scoreboard: {
      competitionId: number;
      /** @description True when this is the board as of the freeze time */
      frozen: boolean;
      /**
       * Format: date-time
       * @description ISO 8601 date-time
       */
      frozenAt: string | null;
      /**
       * Format: date-time
       * @description Time of the newest ledger row this board reflects
       */
      updatedAt: string | null;
      rows: components['schemas']['ScoreRow'][];
    };
    ScoreSeries: {
      accountId: number;
      name: string;
      points: {
        /**
         * Format: date-time
         * @description ISO 8601 date-time
         */
        at: string;
        balance: number;
      }[];
    };
    LedgerEntry: {
      id: number;
      accountId: number;
      amount: number;
      balanceAfter: number;
      /** @enum {string} */
      reason: 'initial' | 'purchase' | 'reward' | 'penalty' | 'regrade' | 'void';
      cardId: number | null;
      cardTitle: string | null;
      purchaseId: number | null;
      submissionId: number | null;
      attempt: number | null;
      /** @enum {string} */
      actorKind: 'system' | 'participant' | 'admin';
      actorId: number | null;
      note: string | null;
      /**
       * Format: date-time
       * @description ISO 8601 date-time
       */
      createdAt: string;
    };
    Submission: {
      id: number;
      competitionId: number;
      purchaseId: number;
      accountId: number;
      accountName: string;
      cardId: number;
      cardTitle: string;
      userId: number;
      login: string;
      attempt: number;
      answer: string;
      correct: boolean;
      /** @enum {string} */
      status: 'graded' | 'voided';
      /** @description Net ledger effect of this submission so far */
      amount: number;
      /**
       * Format: date-time
       * @description ISO 8601 date-time
       */
      createdAt: string;
    };
    Announcement: {
      id: number;
      competitionId: number;
      message: string;
      /**
       * Format: date-time
       * @description ISO 8601 date-time
       */
      createdAt: string;
    };
    ArenaError: {
      /** @description Stable code from the ARENA_ERR_* catalogue */
      error: string;
      message: string;
      hint?: string;
      /** @description Validation errors only: one message per field, every field at once */
      fields?: {
        [key: string]: string;
      };
    };
    Correction: {
      submissionId: number;
      changed: boolean;
      correct: boolean;
      /** @enum {string} */
      status: 'graded' | 'voided';
      /** @description The compensating ledger amount */
      amount: number;
    };
    TokenPair: {
      accessToken: string;
      /** @description Access token lifetime, seconds */
      expiresIn: number;
      /** @description Single use: each refresh returns a new one */
      refreshToken: string;
      /** @description Refresh token lifetime, seconds */
      refreshExpiresIn: number;
    };
    Me: {
      userId: number;
      /** @enum {string} */
      role: 'admin' | 'participant';
      login: string;
      displayName: string;
      competitionId: number | null;
      teamId: number | null;
      /** @description The account the participant plays with */
      accountId: number | null;
    };
    Purchase: {
      purchaseId: number;
      cardId: number;
      accountId: number;
      price: number;
      /** @description Balance after the purchase */
      balance: number;
      ledgerEntryId: number;
    };
    SubmitResult: {
      submissionId: number;
      cardId: number;
      accountId: number;
      correct: boolean;
      attempt: number;
      attemptsLeft: number;
      /** @enum {string} */
      status: 'open' | 'solved' | 'closed';
      /** @description Reward (> 0), penalty (< 0) or 0 */
      amount: number;
      balance: number;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
