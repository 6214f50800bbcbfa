import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import { uspsContract } from './testing.js';

runCourierContract(t, uspsContract());
