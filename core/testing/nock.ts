import type nockModule from 'nock';

/**
 * nock is an optional peer dependency of waybill, needed only by `waybill/testing`: without it, importing
 * the testing kit stops here with how to install it instead of a bare ERR_MODULE_NOT_FOUND.
 */
async function loadNock(): Promise<typeof nockModule> {
  try {
    return (await import('nock')).default;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && /'nock'/.test((error as Error).message);
    if (!missing) throw error;
    throw new Error("waybill/testing needs nock, an optional peer dependency of waybill: npm install --save-dev nock@^14", { cause: error });
  }
}

export const nock = await loadNock();
