import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import { sandboxContract } from './testing.js';

runCourierContract(t, sandboxContract());
