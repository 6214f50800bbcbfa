import t from 'tap';
import { runCourierContract } from '../../../core/testing/kit.js';
import { sandboxContract } from './testing.js';

runCourierContract(t, sandboxContract());
